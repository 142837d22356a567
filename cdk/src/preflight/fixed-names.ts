import type { FixedNames } from './checks.ts';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const NAME_PROPERTY: Record<string, [keyof FixedNames, string]> = {
  'AWS::DynamoDB::Table': ['tables', 'TableName'],
  'AWS::SQS::Queue': ['queues', 'QueueName'],
  'AWS::SecretsManager::Secret': ['secrets', 'Name'],
  'AWS::KMS::Alias': ['aliases', 'AliasName'],
  'AWS::Logs::LogGroup': ['logGroups', 'LogGroupName'],
};

/**
 * The literal names a synthesized template gives its resources, by kind: what must be free before
 * the stack's first create. Names built from tokens (the stack instance, a generated name) cannot
 * collide and are left out.
 */
export function fixedNamesOf(template: { Resources?: Resources }): FixedNames {
  const names: FixedNames = { tables: [], queues: [], secrets: [], aliases: [], logGroups: [] };
  for (const resource of Object.values(template.Resources ?? {})) {
    const entry = NAME_PROPERTY[resource.Type];
    const name = entry ? resource.Properties?.[entry[1]] : undefined;
    if (entry && typeof name === 'string') names[entry[0]].push(name);
  }
  return names;
}
