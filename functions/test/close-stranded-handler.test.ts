import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink } from '../src/adapters/logging/json-logger.ts';
import { coldStart } from '../src/composition.ts';
import { type ExecutionStatusEvent, handler } from '../src/handlers/close-stranded.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import { keyring } from './fakes.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

const PHONE = '13800138000';
const STATE_MACHINE = 'arn:aws:states:ap-southeast-1:111122223333:stateMachine:occ-dev-lookup';
const VARIABLES = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  OCC_STAGE: 'test',
  OCC_TABLE_QUERIES: 'queries',
};
let server: Server;
let db: DynamoDBDocumentClient;
const saved = new Map<string, string | undefined>();
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  const endpoint = await listenOnLoopback(server);
  // The handler builds its clients from the environment, as on Lambda; the endpoint variable points them here.
  for (const [name, value] of Object.entries({ ...VARIABLES, AWS_ENDPOINT_URL_DYNAMODB: endpoint })) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  coldStart();
  setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint });
  await client.send(
    new CreateTableCommand({
      TableName: 'queries',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'queryId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'queryId', KeyType: 'HASH' }],
    }),
  );
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(async () => {
  setLogSink((line) => process.stdout.write(`${line}\n`));
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  coldStart();
  db?.destroy();
  await closeServer(server);
});

async function store(queryId: string, extra: Partial<QueryItem> = {}): Promise<void> {
  const now = new Date();
  const item: QueryItem = {
    queryId,
    ownerId: 's1',
    phoneHash: keyring.hashPhone(PHONE),
    phoneMasked: '138****8000',
    phoneEncrypted: keyring.encryptPhone(PHONE),
    status: 'LOOKING_UP',
    acceptedAt: now.toISOString(),
    replyBy: now.toISOString(),
    companies: [{ companyId: 'tencent', lookupId: `${queryId}-tencent` }],
    expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
    ...extra,
  };
  await db.send(new PutCommand({ TableName: 'queries', Item: item }));
}
const read = async (queryId: string) =>
  (await db.send(new GetCommand({ TableName: 'queries', Key: { queryId }, ConsistentRead: true })))
    .Item as QueryItem;

const executionEvent = (name: string, status: string): ExecutionStatusEvent => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: '111122223333',
  time: new Date().toISOString(),
  region: 'ap-southeast-1',
  resources: [`${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${name}`],
  detail: { name, status, stateMachineArn: STATE_MACHINE },
});

const sqsEvent = (bodies: [string, string][]): SQSEvent => ({
  Records: bodies.map(([messageId, body]) => ({
    messageId,
    receiptHandle: `r-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:111122223333:occ-dev-lookups-dlq',
    awsRegion: 'ap-southeast-1',
  })),
});

describe('the close-stranded handler against the DynamoDB store (dynalite)', () => {
  it('closes the query named by an execution that timed out, and leaves a completed one alone', async () => {
    await store('q-timed-out');
    await store('q-done', {
      status: 'COMPLETED',
      phoneEncrypted: undefined,
      smsSentAt: '2026-01-01T00:00:00.000Z',
      completedAt: '2026-01-01T00:00:00.000Z',
    });
    const before = await read('q-done');
    expect(await handler(executionEvent('q-timed-out', 'TIMED_OUT'))).toEqual({ batchItemFailures: [] });
    expect(await handler(executionEvent('q-done', 'FAILED'))).toEqual({ batchItemFailures: [] });
    const closed = await read('q-timed-out');
    expect(closed.status).toBe('FAILED');
    expect(closed.phoneEncrypted).toBeUndefined();
    expect(closed.completedAt).toBeDefined();
    expect(await read('q-done')).toEqual(before);
    const line = lines.find((candidate) => candidate.event === 'query_stranded_closed');
    expect(line).toMatchObject({ level: 'warn', queryId: 'q-timed-out', reason: 'execution_timed_out' });
  });

  it('records a held reply claim as delivered at the claim time after an aborted execution', async () => {
    await store('q-claimed', { replyText: 'reply', replyClaimedAt: '2026-01-01T00:00:00.000Z' });
    await handler(executionEvent('q-claimed', 'ABORTED'));
    const item = await read('q-claimed');
    expect(item).toMatchObject({ status: 'COMPLETED', smsSentAt: '2026-01-01T00:00:00.000Z' });
    expect(item.phoneEncrypted).toBeUndefined();
  });

  it('closes the queries of lookup dead letters, logging each one as an error', async () => {
    await store('q-dead', { status: 'ACCEPTED' });
    const answer = await handler(
      sqsEvent([
        ['m1', JSON.stringify({ queryId: 'q-dead' })],
        ['m2', '{'],
      ]),
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    const item = await read('q-dead');
    expect(item.status).toBe('FAILED');
    expect(item.phoneEncrypted).toBeUndefined();
    const deadLettered = lines.filter((candidate) => candidate.event === 'lookup_dead_lettered');
    expect(deadLettered.map((candidate) => candidate.level)).toEqual(['error', 'error']);
    expect(JSON.stringify(lines)).not.toContain(PHONE);
  });
});
