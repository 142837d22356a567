import { describe, expect, it } from 'vitest';
import type { StageName } from '../src/stages.ts';
import { allStatements, asList, resourcesOfType, type Statement, synthStage } from './support/synth.ts';

/**
 * What a maintainer's first deploy needs beyond a clean synth: each alarm can really notify, a
 * failed create leaves nothing behind, stages keep to their own accounts, a company can be removed
 * in one deploy, and the outputs are usable as written.
 */
const STAGE_NAMES: StageName[] = ['dev', 'prod'];

describe.each(STAGE_NAMES)('first deploy (%s)', (stage) => {
  const { stateful, stateless, statefulTemplate, statelessTemplate } = synthStage(stage);
  const resources = statelessTemplate.toJSON().Resources as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: assertions walk CloudFormation JSON of every shape
    { Type: string; Properties: Record<string, any> }
  >;
  const statefulResources = statefulTemplate.toJSON().Resources as typeof resources;
  const account = JSON.stringify(stateless.resolve(stateless.account));
  const refersTo = (value: unknown, id: string) => JSON.stringify(value).includes(`"${id}"`);

  describe('item 1: every alarm action can be taken', () => {
    const alarms = resourcesOfType(statelessTemplate, 'AWS::CloudWatch::Alarm');
    const topicPolicies = allStatements(statelessTemplate).filter(
      ({ type }) => type === 'AWS::SNS::TopicPolicy',
    );
    const policyOf = (topicId: string): Statement[] =>
      topicPolicies
        .filter(({ resource }) => refersTo(resources[resource]?.Properties.Topics, topicId))
        .map(({ statement }) => statement);

    it('notifies a topic on every alarm', () => {
      expect(alarms.length).toBeGreaterThan(10);
      for (const [, alarm] of alarms) expect(asList(alarm.Properties?.AlarmActions).length).toBe(1);
    });

    it('lets CloudWatch publish each alarm to its topic, for this account and this stage only', () => {
      for (const [id, alarm] of alarms) {
        const topicId = String((asList(alarm.Properties?.AlarmActions)[0] as { Ref?: string }).Ref);
        const allow = policyOf(topicId).find(
          (statement) =>
            statement.Effect === 'Allow' &&
            JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }) &&
            asList(statement.Action).includes('sns:Publish'),
        );
        expect(
          allow,
          `${id}: a topic policy statement letting CloudWatch publish to ${topicId}`,
        ).toBeDefined();
        expect(JSON.stringify(allow?.Condition?.StringEquals?.['aws:SourceAccount']), id).toBe(account);
        // The source ARN pattern names this stage's alarms, and this alarm is one of them.
        const pattern = JSON.stringify(allow?.Condition?.ArnLike?.['aws:SourceArn']);
        const prefix = /alarm:([a-z0-9-]+)\*/.exec(pattern)?.[1];
        expect(prefix, pattern).toBeDefined();
        expect(String(alarm.Properties?.AlarmName).startsWith(prefix ?? '?'), id).toBe(true);
      }
    });

    it("lets CloudWatch use the topic's key, for this account only", () => {
      const topics = resourcesOfType(statelessTemplate, 'AWS::SNS::Topic');
      expect(topics.length).toBeGreaterThan(0);
      for (const [, topic] of topics) {
        // Across stacks the key is named by an output of the stateful stack that holds its logical id.
        const keyId = Object.keys(statefulResources).find((id) =>
          JSON.stringify(topic.Properties?.KmsMasterKeyId).includes(id),
        );
        expect(keyId, 'the topic key is the stage data key').toBe(
          stateful.getLogicalId(stateful.dataKey.node.defaultChild as never),
        );
        const grant = allStatements(statefulTemplate).find(
          ({ resource, statement }) =>
            resource === keyId &&
            statement.Effect === 'Allow' &&
            JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
        )?.statement;
        expect(asList(grant?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
        expect(JSON.stringify(grant?.Condition?.StringEquals?.['aws:SourceAccount'])).toBe(
          JSON.stringify(stateful.resolve(stateful.account)),
        );
      }
    });
  });
});
