import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCodeStore } from '../src/adapters/dynamodb/code-store.ts';
import { dynamoCooldownStore } from '../src/adapters/dynamodb/cooldown-store.ts';
import { dynamoCounterStore } from '../src/adapters/dynamodb/counter-store.ts';
import { dynamoLookupStore } from '../src/adapters/dynamodb/lookup-store.ts';
import { dynamoPartnerRateLimiter } from '../src/adapters/dynamodb/partner-rate-limiter.ts';
import { dynamoQueryStore } from '../src/adapters/dynamodb/query-store.ts';
import { TransientError } from '../src/errors.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import { FakeClock } from './fakes.ts';

const NOW = 1_800_000_000;
let server: Server;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  // The keys of cdk/src/tables.ts (the local integration tests create the tables from that file itself).
  const keys = {
    codes: 'phoneHash',
    counters: 'counterKey',
    cooldowns: 'phoneHash',
    queries: 'queryId',
    lookups: 'lookupId',
  };
  for (const [table, key] of Object.entries(keys)) {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      }),
    );
  }
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(async () => {
  db?.destroy();
  await new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  });
});

describe('DynamoDB code store', () => {
  it('keeps one live code per number, counts wrong tries and voids at the limit, consumes once', async () => {
    const codes = dynamoCodeStore(db, 'codes');
    const base = {
      phoneHash: 'h1',
      state: 'LIVE' as const,
      attempts: 0,
      sentAt: NOW,
      codeExpiresAt: NOW + 300,
      expiresAt: NOW + 300,
    };
    await codes.put({ ...base, codeHash: 'old' });
    await codes.put({ ...base, codeHash: 'new' });
    expect(await codes.recordWrongTry('h1', 'old', 5, NOW)).toBeUndefined();
    for (let i = 1; i <= 4; i++) expect(await codes.recordWrongTry('h1', 'new', 5, NOW)).toBe(i);
    const use = { submissionHash: 's', queryId: 'q', acceptedAt: 'now', usedAt: NOW, expiresAt: NOW + 600 };
    expect(await codes.consume('h1', 'new', use)).toBe(true);
    expect(await codes.consume('h1', 'new', use)).toBe(false);
    expect(await codes.get('h1', NOW)).toMatchObject({ state: 'USED', queryId: 'q', submissionHash: 's' });
    await codes.forgetSubmission('h1', 'another');
    expect(await codes.get('h1', NOW)).toHaveProperty('submissionHash', 's');
    await codes.forgetSubmission('h1', 'q');
    const forgotten = await codes.get('h1', NOW);
    expect(forgotten).toMatchObject({ state: 'USED', queryId: 'q' });
    expect(forgotten).not.toHaveProperty('submissionHash');
    await codes.put({ ...base, phoneHash: 'h2', codeHash: 'c' });
    for (let i = 0; i < 5; i++) await codes.recordWrongTry('h2', 'c', 5, NOW);
    expect(await codes.get('h2', NOW)).toMatchObject({ state: 'VOID', attempts: 5 });
    expect(await codes.consume('h2', 'c', use)).toBe(false);
  });

  it('treats an expired item as absent even though dynalite never deletes it', async () => {
    const codes = dynamoCodeStore(db, 'codes');
    await codes.put({
      phoneHash: 'h3',
      codeHash: 'c',
      state: 'LIVE',
      attempts: 0,
      sentAt: NOW,
      codeExpiresAt: NOW + 300,
      expiresAt: NOW + 300,
    });
    expect(await codes.get('h3', NOW + 299)).toBeDefined();
    expect(await codes.get('h3', NOW + 300)).toBeUndefined();
  });
});

describe('DynamoDB counter store', () => {
  it('admits up to the limit in a window that starts at the first hit, then says how long to wait', async () => {
    const counters = dynamoCounterStore(db, 'counters');
    const rule = { key: 'k1', limit: 2, windowSeconds: 60 };
    expect(await counters.hit(rule, NOW)).toBe(0);
    expect(await counters.hit(rule, NOW + 10)).toBe(0);
    expect(await counters.wait(rule, NOW + 20)).toBe(40);
    expect(await counters.hit(rule, NOW + 20)).toBe(40);
    expect(await counters.hit(rule, NOW + 60)).toBe(0);
  });

  it('counts concurrent hits exactly', async () => {
    const counters = dynamoCounterStore(db, 'counters');
    const rule = { key: 'k2', limit: 5, windowSeconds: 60 };
    const waits = await Promise.all(Array.from({ length: 20 }, () => counters.hit(rule, NOW)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
  });
});

describe('DynamoDB cooldown store', () => {
  it('accepts one of many concurrent claims, and a new one once the cooldown has passed', async () => {
    const cooldowns = dynamoCooldownStore(db, 'cooldowns');
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        cooldowns.claim({ phoneHash: 'p1', queryId: `q${i}`, expiresAt: NOW + 86_400 }, NOW),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await cooldowns.get('p1', NOW + 86_399)).toBeDefined();
    expect(
      await cooldowns.claim({ phoneHash: 'p1', queryId: 'later', expiresAt: NOW + 2 * 86_400 }, NOW + 86_400),
    ).toBe(true);
    await cooldowns.release('p1', 'someone-else');
    expect(await cooldowns.get('p1', NOW + 86_400)).toMatchObject({ queryId: 'later' });
    await cooldowns.release('p1', 'later');
    expect(await cooldowns.get('p1', NOW + 86_400)).toBeUndefined();
  });
});

describe('DynamoDB query and lookup stores', () => {
  const query: QueryItem = {
    queryId: 'q1',
    sessionId: 's',
    phoneHash: 'h',
    phoneMasked: '138****8000',
    phoneEncrypted: 'sealed',
    status: 'ACCEPTED',
    acceptedAt: 'a',
    replyBy: 'b',
    companies: [{ companyId: 'tencent', lookupId: 'l1' }],
    expiresAt: NOW + 1000,
  };

  it('claims the reply once, gives back only its own claim, and erases the sealed number when delivery is recorded', async () => {
    const queries = dynamoQueryStore(db, 'queries');
    await queries.create(query);
    await expect(queries.create(query)).rejects.toThrow();
    expect(await queries.markLookingUp('q1', NOW)).toMatchObject({ status: 'LOOKING_UP', results: {} });
    expect(await queries.listUnfinished(NOW)).toEqual(['q1']);
    // The first claim stores the text; a later claim (after giving the first back) sends the same words.
    expect(await queries.claimReply('q1', 't0', 'first')).toMatchObject({
      replyText: 'first',
      replyClaimedAt: 't0',
      phoneEncrypted: 'sealed',
    });
    await queries.releaseReply('q1', 't0');
    expect((await queries.claimReply('q1', 't1', 'second'))?.replyText).toBe('first');
    expect(await queries.claimReply('q1', 't2', 'third')).toBeUndefined();
    await queries.releaseReply('q1', 't2');
    expect((await queries.get('q1', NOW))?.replyClaimedAt).toBe('t1');
    await queries.recordDelivery('q1', 't3');
    const stored = await queries.get('q1', NOW);
    expect(stored).toMatchObject({
      status: 'COMPLETED',
      replyText: 'first',
      smsSentAt: 't3',
      completedAt: 't3',
    });
    expect(stored).not.toHaveProperty('phoneEncrypted');
    expect(await queries.listUnfinished(NOW)).toEqual([]);
    expect(await queries.get('q1', NOW + 1000)).toBeUndefined();
  });

  it('closes a query once: a failure after the delivery keeps it COMPLETED, REJECTED stays REJECTED, repeats change nothing', async () => {
    const queries = dynamoQueryStore(db, 'queries');
    await queries.create({ ...query, queryId: 'q-final' });
    await queries.markLookingUp('q-final', NOW);
    await queries.recordDelivery('q-final', 't1');
    await queries.recordFailure('q-final', 't2');
    expect((await queries.get('q-final', NOW))?.status).toBe('COMPLETED');
    await queries.recordDelivery('q-final', 't3');
    const delivered = await queries.get('q-final', NOW);
    expect(delivered).toMatchObject({ status: 'COMPLETED', smsSentAt: 't1', completedAt: 't1' });

    await queries.create({ ...query, queryId: 'q-failed' });
    await queries.recordFailure('q-failed', 't1');
    await queries.recordFailure('q-failed', 't2');
    const failed = await queries.get('q-failed', NOW);
    expect(failed).toMatchObject({ status: 'FAILED', completedAt: 't1' });
    expect(failed).not.toHaveProperty('phoneEncrypted');
    expect(failed).not.toHaveProperty('smsSentAt');

    await queries.create({ ...query, queryId: 'q-rejected', status: 'REJECTED', companies: [] });
    await queries.recordFailure('q-rejected', 't1');
    const rejected = await queries.get('q-rejected', NOW);
    expect(rejected).toMatchObject({ status: 'REJECTED', completedAt: 't1' });
    expect(rejected).not.toHaveProperty('phoneEncrypted');

    await queries.recordFailure('q-missing', 't1');
    await queries.recordDelivery('q-missing', 't1');
    expect(await queries.get('q-missing', NOW)).toBeUndefined();
  });

  it("records each company's result once, whichever comes first, and none after the reply is rendered", async () => {
    const queries = dynamoQueryStore(db, 'queries');
    await queries.create({
      ...query,
      queryId: 'q-results',
      companies: [
        { companyId: 'tencent', lookupId: 'l1' },
        { companyId: 'alipay', lookupId: 'l2' },
        { companyId: 'jd', lookupId: 'l3' },
      ],
    });
    expect(await queries.markLookingUp('q-results', NOW)).toMatchObject({ results: {}, waiting: {} });
    // Concurrent writers of different companies on the one item: each keeps its own result.
    const [tencent, alipay] = await Promise.all([
      queries.recordResult('q-results', 'tencent', { status: 'DONE', count: 3 }),
      queries.awaitCallback('q-results', 'alipay', 'token-1'),
    ]);
    expect(tencent?.results?.tencent).toEqual({ status: 'DONE', count: 3 });
    expect(alipay?.waiting).toEqual({ alipay: 'token-1' });
    expect((await queries.awaitCallback('q-results', 'alipay', 'token-2'))?.waiting?.alipay).toBe('token-2');
    // The first result stands: a later one (a callback after the deadline) changes nothing.
    await queries.recordResult('q-results', 'alipay', { status: 'UNAVAILABLE' });
    const late = await queries.recordResult('q-results', 'alipay', { status: 'DONE', count: 1 });
    expect(late?.results).toEqual({
      tencent: { status: 'DONE', count: 3 },
      alipay: { status: 'UNAVAILABLE' },
    });
    // A token is not stored for a company that has its result.
    expect((await queries.awaitCallback('q-results', 'tencent', 'token-3'))?.waiting).toEqual({
      alipay: 'token-2',
    });
    // Once the reply is rendered (claimed with its text), no result is recorded any more.
    await queries.claimReply('q-results', 't1', 'text');
    expect(
      (await queries.recordResult('q-results', 'jd', { status: 'DONE', count: 1 }))?.results,
    ).not.toHaveProperty('jd');
    expect(await queries.recordResult('q-missing', 'jd', { status: 'DONE', count: 1 })).toBeUndefined();
    // A query whose number is erased (FAILED) cannot be claimed.
    await queries.create({ ...query, queryId: 'q-erased' });
    await queries.recordFailure('q-erased', 't1');
    expect(await queries.claimReply('q-erased', 't2', 'text')).toBeUndefined();
  });

  it('has nothing to look up for a REJECTED, answered or expired query', async () => {
    const queries = dynamoQueryStore(db, 'queries');
    await queries.create({ ...query, queryId: 'q-rej', status: 'REJECTED', companies: [] });
    expect(await queries.markLookingUp('q-rej', NOW)).toBeUndefined();
    await queries.create({ ...query, queryId: 'q-sent' });
    await queries.recordDelivery('q-sent', 't1');
    expect(await queries.markLookingUp('q-sent', NOW)).toBeUndefined();
    await queries.create({ ...query, queryId: 'q-old' });
    expect(await queries.markLookingUp('q-old', NOW + 1000)).toBeUndefined();
    expect((await queries.markLookingUp('q-old', NOW))?.status).toBe('LOOKING_UP');
    expect((await queries.markLookingUp('q-old', NOW))?.status).toBe('LOOKING_UP');
  });

  it("stores a query's lookups in one batch, again harmlessly, and finds each by its id", async () => {
    const lookups = dynamoLookupStore(db, 'lookups');
    const items = Array.from({ length: 30 }, (_, i) => ({
      lookupId: `l-${i}`,
      queryId: 'q1',
      companyId: `c-${i}`,
      expiresAt: NOW + 1000,
    }));
    await lookups.put(items);
    await lookups.put(items);
    expect(await lookups.get('l-29', NOW)).toEqual(items[29]);
    expect(await lookups.get('l-29', NOW + 1000)).toBeUndefined();
    expect(await lookups.get('missing', NOW)).toBeUndefined();
  });
});

describe('DynamoDB partner rate limiter', () => {
  it('lets exactly k of N concurrent calls through in one window, across limiter instances', async () => {
    const clock = new FakeClock(Date.parse('2027-01-01T00:00:00.400Z'));
    // Four limiters stand for four function instances sharing the counters table.
    const instances = Array.from({ length: 4 }, () =>
      dynamoPartnerRateLimiter(db, 'counters', { clock, maxWaits: 0 }),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => instances[i % instances.length]?.acquire('tencent', 5)),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.length - refused.length).toBe(5);
    for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(TransientError);
    const second = Math.floor(clock.now().getTime() / 1000);
    await expect(
      instances[0]?.acquire('baidu', 5),
      'another company has its own window',
    ).resolves.toBeUndefined();
    const { Item } = await db.send(
      new GetCommand({ TableName: 'counters', Key: { counterKey: `partner#tencent#${second}` } }),
    );
    expect(Item).toEqual({ counterKey: `partner#tencent#${second}`, n: 5, expiresAt: second + 60 });
  });

  it('waits for the next window with jitter, and gives up with TransientError after its waits', async () => {
    const clock = new FakeClock(Date.parse('2027-01-01T00:00:10.700Z'));
    const sleeps: number[] = [];
    const limiter = dynamoPartnerRateLimiter(db, 'counters', {
      clock,
      maxWaits: 1,
      jitterMs: 100,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.ms += ms;
      },
    });
    await limiter.acquire('jd', 2);
    await limiter.acquire('jd', 2);
    await limiter.acquire('jd', 2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(300);
    expect(sleeps[0]).toBeLessThan(400);
    await limiter.acquire('jd', 2);
    // Another instance fills the next window too: the wait finds it full and the limiter gives up.
    const other = dynamoPartnerRateLimiter(db, 'counters', {
      clock: new FakeClock(Date.parse('2027-01-01T00:00:12.000Z')),
    });
    await other.acquire('jd', 2);
    await other.acquire('jd', 2);
    await expect(limiter.acquire('jd', 2)).rejects.toBeInstanceOf(TransientError);
    expect(sleeps).toHaveLength(2);
  });
});
