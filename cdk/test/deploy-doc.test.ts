import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jmespath from 'jmespath';
import { describe, expect, it } from 'vitest';
import type { StageName } from '../src/stages.ts';
import { synthStage } from './support/synth.ts';

/**
 * docs/deploy.md prices what the stacks keep at rest from counts of resources ("What it costs"), and
 * the teardown section repeats the secrets and keys prod and china retain. Both are read from the
 * synthesized templates here, so a resource added to a stack cannot leave the maintainer's bill out
 * of date.
 */
const DOC = readFileSync(join(import.meta.dirname, '../../docs/deploy.md'), 'utf8');

/** Rows of the cost table by their first cell, each column by its header (dev, prod, sandbox, china). */
function costTable(): Map<string, Record<string, string>> {
  const section = DOC.slice(DOC.indexOf('## 3. What it costs'), DOC.indexOf('## 4.'));
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const [header, , ...body] = rows;
  if (!header) throw new Error('docs/deploy.md has no cost table');
  return new Map(
    body.map((cells) => [
      cells[0] ?? '',
      Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])),
    ]),
  );
}

const COUNTED: [row: string, type: string][] = [
  ['Secrets Manager secrets', 'AWS::SecretsManager::Secret'],
  ['KMS customer-managed keys', 'AWS::KMS::Key'],
  ['CloudWatch alarms', 'AWS::CloudWatch::Alarm'],
  ['CloudWatch dashboard', 'AWS::CloudWatch::Dashboard'],
  ['DynamoDB tables (on demand, PITR)', 'AWS::DynamoDB::Table'],
  ['AWS Budgets cost budget', 'AWS::Budgets::Budget'],
];

function countOf(stage: StageName, type: string): number {
  const { statefulTemplate, statelessTemplate } = synthStage(stage);
  return [statefulTemplate, statelessTemplate]
    .map((template) => Object.keys(template.findResources(type)).length)
    .reduce((a, b) => a + b, 0);
}

describe('docs/deploy.md', () => {
  const table = costTable();
  describe.each(['dev', 'prod', 'sandbox', 'china'] as const)('%s', (stage) => {
    it.each(COUNTED)('counts %s as the templates hold them', (row, type) => {
      const cells = table.get(row);
      expect(cells, `row "${row}"`).toBeDefined();
      expect(Number(cells?.[stage])).toBe(countOf(stage, type));
    });
  });

  it.each(['prod', 'china'] as const)(
    'names the secrets and keys %s retains after teardown, and their monthly cost',
    (stage) => {
      const secrets = countOf(stage, 'AWS::SecretsManager::Secret');
      const keys = countOf(stage, 'AWS::KMS::Key');
      const cost = (secrets * 0.4 + keys).toFixed(2);
      expect(DOC.replace(/\s+/g, ' ')).toContain(
        `${stage} keeps ${secrets} secrets and ${keys} keys, about ${cost} USD`,
      );
    },
  );
});

/** Every `npm run NAME` the maintainers' docs show, and the workspace it runs in. */
describe('the npm commands the docs show', () => {
  const root = join(import.meta.dirname, '../..');
  const docs = [
    'README.md',
    'cdk/README.md',
    'local/README.md',
    'miniapp/README.md',
    ...readdirSync(join(root, 'docs')).map((file) => `docs/${file}`),
  ].filter((file) => existsSync(join(root, file)));
  const scripts = (folder: string) =>
    Object.keys(
      (JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as { scripts: object }).scripts,
    );
  const workspaces = new Map(
    readdirSync(root)
      .filter((folder) => existsSync(join(root, folder, 'package.json')) && folder !== 'node_modules')
      .map((folder) => [
        (JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as { name: string }).name,
        folder,
      ]),
  );

  it.each(docs)('%s names only scripts that exist', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const missing: string[] = [];
    for (const [, name, workspace] of text.matchAll(/npm run ([\w:.-]+)(?:\s+-w\s+(@occ\/[\w-]+))?/g)) {
      const folder = workspace === undefined ? '.' : workspaces.get(workspace);
      if (folder === undefined || !scripts(folder).includes(name ?? ''))
        missing.push(`${name} (${workspace ?? 'root'})`);
    }
    expect(missing).toEqual([]);
  });

  it('never bootstraps without naming the stage (the CDK CLI synthesizes the app, as dev by default)', () => {
    const bare = docs.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((line) => /npx cdk bootstrap\s+(?:"|aws:|--)/.test(line) && !/--context/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(bare).toEqual([]);
  });
});

/**
 * The docs find resources whose names CloudFormation generates (the KMS keys, the stranded
 * dead-letter queue) with `aws cloudformation list-stack-resources --query`. Each query is run here,
 * with the JMESPath implementation the AWS CLI's language is defined by, against the answer
 * ListStackResources would give for the synthesized prod stacks: it must pick resources of one type
 * only, or the commands that read its output get a second id (a queue's policy beside the queue).
 */
describe('the stack-resource queries the docs show', () => {
  const root = join(import.meta.dirname, '../..');
  const stacks: Record<string, 'statefulTemplate' | 'statelessTemplate'> = {
    '"$STATEFUL"': 'statefulTemplate',
    '"$STATELESS"': 'statelessTemplate',
    'OccProd-Stateful': 'statefulTemplate',
    'OccProd-Stateless': 'statelessTemplate',
  };
  const queries = ['docs/deploy.md', 'cdk/README.md'].flatMap((file) =>
    [
      ...readFileSync(join(root, file), 'utf8').matchAll(
        /aws cloudformation list-stack-resources --stack-name (\S+) --query "([^"]+)"/g,
      ),
    ].map(([, stack, query]) => ({ file, stack: stack ?? '', query: query ?? '' })),
  );

  it('finds the queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(3);
  });

  it.each(queries)('$file: $query on $stack picks one resource type', ({ stack, query }) => {
    const which = stacks[stack];
    expect(which, `stack ${stack}`).toBeDefined();
    const resources = synthStage('prod')[which ?? 'statefulTemplate'].toJSON().Resources as Record<
      string,
      { Type: string }
    >;
    const answer = {
      StackResourceSummaries: Object.entries(resources).map(([id, resource]) => ({
        LogicalResourceId: id,
        ResourceType: resource.Type,
        PhysicalResourceId: `physical-${id}`,
      })),
    };
    const picked = [jmespath.search(answer, query)].flat() as string[];
    const types = new Set(picked.map((id) => resources[id.replace(/^physical-/, '')]?.Type));
    expect(picked.length).toBeGreaterThan(0);
    expect([...types]).toHaveLength(1);
  });
});
