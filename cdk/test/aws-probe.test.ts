import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsAccountProbe } from '../src/preflight/aws-probe.ts';

/**
 * The AWS adapter of preflight against answers shaped as CloudFormation (query protocol, XML) and
 * Secrets Manager (JSON protocol) give them, served on loopback through the SDK's
 * `AWS_ENDPOINT_URL`: no account exists here, and these are the answers a retry or a new company
 * meets.
 */
const STACKS: Record<string, string> = {
  'OccProd-Stateful': 'ROLLBACK_COMPLETE',
  'OccOld-Stateful': 'DELETE_COMPLETE',
  'OccProd-Stateless': 'UPDATE_COMPLETE',
};
/** Secret → its versions; `jd`'s was retained when the company was removed, so the stack no longer holds it. */
const SECRETS: Record<string, number> = {
  'occ/prod/carrier': 1,
  'occ/prod/partners/tencent': 2,
  'occ/prod/partners/jd': 2,
};
const arnOf = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:210987654321:secret:${name}-AbCdEf`;
/** The stateful stack's secrets, over two pages of ListStackResources. */
const STACK_SECRET_PAGES = [['occ/prod/carrier'], ['occ/prod/partners/tencent']];

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await body(request);
    const target = request.headers['x-amz-target'];
    if (target === 'secretsmanager.DescribeSecret') {
      const { SecretId } = JSON.parse(text) as { SecretId: string };
      const versions = SECRETS[SecretId];
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (versions === undefined) {
        response.statusCode = 400;
        response.end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          }),
        );
        return;
      }
      const stages = Object.fromEntries(
        Array.from({ length: versions }, (_, i) => [
          `v${i}`,
          i === versions - 1 ? ['AWSCURRENT'] : ['AWSPREVIOUS'],
        ]),
      );
      response.end(JSON.stringify({ ARN: arnOf(SecretId), Name: SecretId, VersionIdsToStages: stages }));
      return;
    }
    const form = new URLSearchParams(text);
    if (form.get('Action') === 'ListStackResources') {
      const page = form.get('NextToken') === 'page-2' ? 1 : 0;
      const members = (STACK_SECRET_PAGES[page] ?? [])
        .map(
          (name) =>
            `<member><LogicalResourceId>Secret${page}</LogicalResourceId><PhysicalResourceId>${arnOf(name)}</PhysicalResourceId><ResourceType>AWS::SecretsManager::Secret</ResourceType><LastUpdatedTimestamp>2026-11-30T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>`,
        )
        .join('');
      const next = page === 0 ? '<NextToken>page-2</NextToken>' : '';
      response.setHeader('content-type', 'text/xml');
      response.end(
        `<ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStackResourcesResult><StackResourceSummaries>${members}</StackResourceSummaries>${next}</ListStackResourcesResult><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></ListStackResourcesResponse>`,
      );
      return;
    }
    if (form.get('Action') === 'DescribeStacks') {
      const name = form.get('StackName') ?? '';
      const status = STACKS[name];
      response.setHeader('content-type', 'text/xml');
      if (status === undefined) {
        response.statusCode = 400;
        response.end(
          `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${name} does not exist</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
        );
        return;
      }
      response.end(
        `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${name}</StackName><StackId>arn:aws:cloudformation:ap-southeast-1:210987654321:stack/${name}/1</StackId><StackStatus>${status}</StackStatus><EnableTerminationProtection>${name.endsWith('-Stateful')}</EnableTerminationProtection><CreationTime>2026-11-30T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
      return;
    }
    response.statusCode = 500;
    response.end(`unexpected ${target ?? form.get('Action')}`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
});

afterAll(async () => {
  process.env = saved;
  server.close();
  await once(server, 'close');
});

describe('awsAccountProbe', () => {
  it("reads a stack's status and termination protection, and nothing for a stack that does not exist or was deleted", async () => {
    const probe = awsAccountProbe('ap-southeast-1');
    expect(await probe.stack('OccProd-Stateful')).toEqual({
      status: 'ROLLBACK_COMPLETE',
      terminationProtection: true,
    });
    expect(await probe.stack('OccProd-Stateless')).toEqual({
      status: 'UPDATE_COMPLETE',
      terminationProtection: false,
    });
    expect(await probe.stack('OccOld-Stateful')).toBeUndefined();
    expect(await probe.stack('OccNew-Stateful')).toBeUndefined();
  });

  it('tells secrets still at their generated value, secrets the next deploy creates and secrets retained outside the stack, without throwing', async () => {
    const probe = awsAccountProbe('ap-southeast-1');
    expect(
      await probe.exchangedSecrets('OccProd-Stateful', [
        'occ/prod/carrier',
        'occ/prod/partners/tencent',
        'occ/prod/partners/meituan',
        'occ/prod/partners/jd',
      ]),
    ).toEqual({
      generated: ['occ/prod/carrier'],
      absent: ['occ/prod/partners/meituan'],
      outsideStack: ['occ/prod/partners/jd'],
    });
  });
});
