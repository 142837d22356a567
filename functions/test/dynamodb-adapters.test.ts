import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCounterStore } from '../src/adapters/dynamodb/counter-store.ts';
import { QUERIES_BY_OWNER } from '../src/adapters/dynamodb/indexes.ts';
import { dynamoLookupStore } from '../src/adapters/dynamodb/lookup-store.ts';
import { dynamoNumberStore } from '../src/adapters/dynamodb/number-store.ts';
import { dynamoPartnerRateLimiter } from '../src/adapters/dynamodb/partner-rate-limiter.ts';
import { dynamoQueryStore } from '../src/adapters/dynamodb/query-store.ts';
import { shardedCounter } from '../src/adapters/dynamodb/sharded-counter.ts';
import { TransientError } from '../src/errors.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import { FakeClock } from './fakes.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

const NOW = 1_800_000_000;
let server: Server;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  const endpoint = await listenOnLoopback(server);
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  // The keys of cdk/src/tables.ts (the local integration tests create the tables from that file itself).
  const keys = {
    codes: 'phoneHash',
    counters: 'counterKey',
    queries: 'queryId',
    lookups: 'lookupId',
  };
  for (const [table, key] of Object.entries(keys)) {
    const byOwner = table === 'queries';
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: key, AttributeType: 'S' },
          ...(byOwner
            ? [
                { AttributeName: QUERIES_BY_OWNER.partitionKey, AttributeType: 'S' as const },
                { AttributeName: QUERIES_BY_OWNER.sortKey, AttributeType: 'S' as const },
              ]
            : []),
        ],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        ...(byOwner
          ? {
              GlobalSecondaryIndexes: [
                {
                  IndexName: QUERIES_BY_OWNER.indexName,
                  KeySchema: [
                    { AttributeName: QUERIES_BY_OWNER.partitionKey, KeyType: 'HASH' as const },
                    { AttributeName: QUERIES_BY_OWNER.sortKey, KeyType: 'RANGE' as const },
                  ],
                  Projection: {
                    ProjectionType: 'INCLUDE',
                    NonKeyAttributes: [...QUERIES_BY_OWNER.projected],
                  },
                },
              ],
            }
          : {}),
      }),
    );
  }
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(async () => {
  db?.destroy();
  await closeServer(server);
});

describe('DynamoDB number store', () => {
  const limits = [
    { count: 1, seconds: 60 },
    { count: 2, seconds: 3_600 },
  ];
  const code = (phoneHash: string, codeHash: string, sentAt: number) => ({
    phoneHash,
    codeHash,
    sentAt,
    codeExpiresAt: sentAt + 300,
    expiresAt: sentAt + 3_600,
  });

  it('stores a code only when every limit admits it, and says why not with the number as it is', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    expect((await numbers.sendCode(code('n1', 'a', NOW), limits)).sent).toBe(true);
    const early = await numbers.sendCode(code('n1', 'b', NOW + 59), limits);
    expect(early).toEqual({
      sent: false,
      current: expect.objectContaining({ codeHash: 'a', codesSentAt: [NOW] }),
    });
    expect((await numbers.sendCode(code('n1', 'c', NOW + 60), limits)).sent).toBe(true);
    const full = await numbers.sendCode(code('n1', 'd', NOW + 200), limits);
    expect(full).toMatchObject({ sent: false, current: { codeHash: 'c', codesSentAt: [NOW, NOW + 60] } });
    // The oldest code leaves the hour: the window slides.
    expect((await numbers.sendCode(code('n1', 'e', NOW + 3_600), limits)).sent).toBe(true);
    expect(await numbers.get('n1', NOW + 3_600)).toMatchObject({
      codeHash: 'e',
      state: 'LIVE',
      attempts: 0,
      codesSentAt: [NOW, NOW + 60, NOW + 3_600],
    });
  });

  it('keeps the last 10 send times, oldest first', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    for (let i = 0; i < 12; i++)
      await numbers.sendCode(code('n2', `c${i}`, NOW + i * 61), [{ count: 1, seconds: 60 }]);
    expect((await numbers.get('n2', NOW))?.codesSentAt).toEqual(
      Array.from({ length: 10 }, (_, i) => NOW + (i + 2) * 61),
    );
  });

  it('lets exactly one of many concurrent codes through', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => numbers.sendCode(code('n3', `c${i}`, NOW), limits)),
    );
    const sent = outcomes.filter((outcome) => outcome.sent);
    expect(sent).toHaveLength(1);
    expect((await numbers.get('n3', NOW))?.codesSentAt).toEqual([NOW]);
  });

  it('undoes a code back to the number as it was, and the first code back to nothing', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    const first = await numbers.sendCode(code('n4', 'first', NOW), limits);
    const second = await numbers.sendCode(code('n4', 'second', NOW + 60), limits);
    if (!first.sent || !second.sent) throw new Error('not sent');
    await second.undo();
    expect(await numbers.get('n4', NOW + 60)).toMatchObject({ codeHash: 'first', codesSentAt: [NOW] });
    // An undo that is no longer the newest write changes nothing.
    await second.undo();
    expect(await numbers.get('n4', NOW + 60)).toMatchObject({ codeHash: 'first' });
    await first.undo();
    expect(await numbers.get('n4', NOW + 60)).toBeUndefined();
  });

  it('counts wrong tries up to the limit, accepts once with the cooldown, and refuses codes during it', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    await numbers.sendCode(code('n5', 'old', NOW), limits);
    await numbers.sendCode(code('n5', 'new', NOW + 60), limits);
    expect(await numbers.recordWrongTry('n5', 'old', 5, NOW + 60)).toBeUndefined();
    for (let i = 1; i <= 4; i++) expect(await numbers.recordWrongTry('n5', 'new', 5, NOW + 60)).toBe(i);
    const use = {
      submissionHash: 's',
      queryId: 'q',
      acceptedAt: 'then',
      usedAt: NOW + 70,
      cooldownUntil: NOW + 70 + 86_400,
    };
    expect(await numbers.accept('n5', 'old', use)).toBe(false);
    expect(await numbers.accept('n5', 'new', use)).toBe(true);
    expect(await numbers.accept('n5', 'new', use)).toBe(false);
    expect(await numbers.get('n5', NOW + 70)).toMatchObject({
      state: 'USED',
      queryId: 'q',
      submissionHash: 's',
      cooldownUntil: NOW + 70 + 86_400,
      expiresAt: NOW + 70 + 86_400,
    });
    const during = await numbers.sendCode(code('n5', 'later', NOW + 7_200), limits);
    expect(during).toMatchObject({ sent: false, current: { cooldownUntil: NOW + 70 + 86_400 } });
    await numbers.undoAcceptance('n5', 'another');
    expect(await numbers.get('n5', NOW + 70)).toHaveProperty('cooldownUntil');
    await numbers.undoAcceptance('n5', 'q');
    const undone = await numbers.get('n5', NOW + 70);
    expect(undone).toMatchObject({ state: 'USED', queryId: 'q' });
    expect(undone).not.toHaveProperty('cooldownUntil');
    expect(undone).not.toHaveProperty('submissionHash');
    expect((await numbers.sendCode(code('n5', 'later', NOW + 7_200), limits)).sent).toBe(true);
  });

  it('voids a code at its 5th wrong try: no try and no acceptance after it', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    await numbers.sendCode(code('n6', 'c', NOW), limits);
    for (let i = 0; i < 5; i++) await numbers.recordWrongTry('n6', 'c', 5, NOW);
    expect(await numbers.recordWrongTry('n6', 'c', 5, NOW)).toBeUndefined();
    const use = { submissionHash: 's', queryId: 'q', acceptedAt: 'a', usedAt: NOW, cooldownUntil: NOW + 1 };
    expect(await numbers.accept('n6', 'c', use)).toBe(false);
    expect(await numbers.get('n6', NOW)).toMatchObject({ state: 'LIVE', attempts: 5 });
  });

  it('treats an expired item as absent even though dynalite never deletes it', async () => {
    const numbers = dynamoNumberStore(db, 'codes');
    await numbers.sendCode(code('n7', 'c', NOW), limits);
    expect(await numbers.get('n7', NOW + 3_599)).toBeDefined();
    expect(await numbers.get('n7', NOW + 3_600)).toBeUndefined();
  });
});

describe('DynamoDB counter store', () => {
  const day = [{ count: 3, seconds: 86_400 }];

  it('records up to the limit over any window, then says how long until the oldest leaves it', async () => {
    const counters = dynamoCounterStore(db, 'counters');
    for (const at of [NOW, NOW + 100, NOW + 200])
      expect(await counters.record('k1', day, at)).toMatchObject({ recorded: true });
    expect(await counters.record('k1', day, NOW + 300)).toEqual({ recorded: false, wait: 86_100 });
    expect(await counters.record('k1', day, NOW + 86_400)).toMatchObject({ recorded: true });
    expect(await counters.record('k1', day, NOW + 86_401)).toEqual({ recorded: false, wait: 99 });
  });

  it('records concurrent events exactly', async () => {
    const counters = dynamoCounterStore(db, 'counters');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => counters.record('k2', day, NOW)));
    expect(outcomes.filter((outcome) => outcome.recorded)).toHaveLength(3);
  });

  it('undoes an event while it is the newest, and not after another', async () => {
    const counters = dynamoCounterStore(db, 'counters');
    const first = await counters.record('k3', day, NOW);
    const second = await counters.record('k3', day, NOW + 1);
    if (!first.recorded || !second.recorded) throw new Error('not recorded');
    await first.undo();
    await second.undo();
    expect(await counters.record('k3', day, NOW + 2)).toMatchObject({ recorded: true });
    expect(await counters.record('k3', day, NOW + 3)).toMatchObject({ recorded: true });
    expect(await counters.record('k3', day, NOW + 4)).toEqual({ recorded: false, wait: 86_396 });
  });
});

/** The document client, recording the counter key of every request it sends. */
function keysWritten(): { spy: DynamoDBDocumentClient; keys: string[] } {
  const keys: string[] = [];
  const spy = {
    send: (command: { input: { Key?: { counterKey?: string } } }) => {
      keys.push(String(command.input.Key?.counterKey));
      return db.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  return { spy, keys };
}

describe('DynamoDB sharded cap', () => {
  it('holds a cap exactly under concurrency across instances, and admits a slot given back', async () => {
    // Four stores stand for four function instances sharing the counters table.
    const instances = Array.from({ length: 4 }, () => dynamoCounterStore(db, 'counters', { shards: 10 }));
    const takes = await Promise.all(
      Array.from({ length: 80 }, (_, i) => instances[i % 4]?.take('cap-a', 25, NOW + 86_400)),
    );
    const taken = takes.filter((slot) => slot !== undefined);
    expect(taken).toHaveLength(25);
    const { Items } = await db.send(new ScanCommand({ TableName: 'counters' }));
    const shards = (Items ?? []).filter((item) => String(item.counterKey).startsWith('cap-a#'));
    expect(shards).toHaveLength(10);
    expect(shards.reduce((sum, item) => sum + Number(item.n), 0)).toBe(25);
    expect(Math.max(...shards.map((item) => Number(item.n)))).toBe(3);

    // Three slots given back through the first instance are seen by it at once, and no more.
    const firsts = takes.filter((slot, i) => i % 4 === 0 && slot !== undefined).slice(0, 3);
    expect(firsts).toHaveLength(3);
    await Promise.all(firsts.map((slot) => slot?.giveBack()));
    const again = [];
    for (let i = 0; i < 5; i++) again.push(await instances[0]?.take('cap-a', 25, NOW + 86_400));
    expect(again.map((slot) => slot !== undefined)).toEqual([true, true, true, false, false]);
  });

  it('leases a busy instance’s slots in blocks, one write for as many as it took the second before', async () => {
    let ms = 0;
    const { spy, keys: writes } = keysWritten();
    const counters = dynamoCounterStore(spy, 'counters', { shards: 2, nowMs: () => ms });
    const take = () => counters.take('cap-lease', 2_000, NOW + 60);
    for (let i = 0; i < 12; i++) expect(await take()).toBeDefined();
    expect(writes).toHaveLength(12);
    ms = 1_000;
    writes.length = 0;
    const slots = [];
    for (let i = 0; i < 12; i++) slots.push(await take());
    expect(slots.every((slot) => slot !== undefined)).toBe(true);
    expect(writes).toHaveLength(1);
    // A slot given back goes back to the lease: the next take needs no write.
    await slots[0]?.giveBack();
    expect(await take()).toBeDefined();
    expect(writes).toHaveLength(1);
    const { Items } = await db.send(new ScanCommand({ TableName: 'counters' }));
    const total = (Items ?? [])
      .filter((item) => String(item.counterKey).startsWith('cap-lease#'))
      .reduce((sum, item) => sum + Number(item.n), 0);
    expect(total).toBe(12 + 12);
  });

  it('admits exactly the cap when busy instances lease and take until all are refused', async () => {
    let ms = 0;
    const instances = Array.from({ length: 3 }, () =>
      dynamoCounterStore(db, 'counters', { shards: 1, nowMs: () => ms }),
    );
    // A busy second first, so that every instance leases in blocks of 20 (a tenth of the 200 share).
    for (const instance of instances)
      for (let i = 0; i < 25; i++) await instance.take('cap-warm', 10_000, NOW);
    ms = 1_000;
    let admitted = 0;
    for (let round = 0; round < 100; round++) {
      const taken = await Promise.all(instances.map((instance) => instance.take('cap-d', 200, NOW + 60)));
      admitted += taken.filter((slot) => slot !== undefined).length;
    }
    expect(admitted).toBe(200);
  });

  it('spreads a cap smaller than its shards over one item per slot', async () => {
    const counters = dynamoCounterStore(db, 'counters', { shards: 10 });
    const takes = await Promise.all(Array.from({ length: 6 }, () => counters.take('cap-b', 2, NOW + 60)));
    expect(takes.filter((slot) => slot !== undefined)).toHaveLength(2);
  });

  it('refuses at the cap without a write once every shard was found full, for at most 5 s', async () => {
    let ms = 0;
    const { spy, keys: sent } = keysWritten();
    const counter = shardedCounter(spy, 'counters', { nowMs: () => ms, random: () => 0 });
    for (let i = 0; i < 4; i++) expect(await counter.take('cap-c', 4, NOW + 60, 2)).toBeDefined();
    expect(await counter.take('cap-c', 4, NOW + 60, 2)).toBeUndefined();
    sent.length = 0;
    expect(await counter.take('cap-c', 4, NOW + 60, 2)).toBeUndefined();
    expect(sent).toEqual([]);
    ms = 5_000;
    expect(await counter.take('cap-c', 4, NOW + 60, 2)).toBeUndefined();
    expect(sent).toEqual(['cap-c#0', 'cap-c#1']);
  });
});

describe('DynamoDB query and lookup stores', () => {
  const query: QueryItem = {
    queryId: 'q1',
    ownerId: 's',
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
    expect(await queries.get('q1', NOW + 1000)).toBeUndefined();
  });

  it("lists one owner's live queries of the window, newest first, at most the limit, summaries only", async () => {
    const queries = dynamoQueryStore(db, 'queries');
    const at = (day: number) => new Date(Date.UTC(2026, 2, day)).toISOString();
    for (let day = 1; day <= 25; day++) {
      await queries.create({ ...query, queryId: `owned-${day}`, ownerId: 'owner-a', acceptedAt: at(day) });
    }
    await queries.create({
      ...query,
      queryId: 'expired',
      ownerId: 'owner-a',
      acceptedAt: at(26),
      expiresAt: NOW,
    });
    await queries.create({ ...query, queryId: 'another-owner', ownerId: 'owner-b', acceptedAt: at(27) });

    const listed = await queries.listByOwner('owner-a', { since: at(3), now: NOW, limit: 20 });

    expect(listed.map((item) => item.queryId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `owned-${25 - i}`),
    );
    expect(listed[0]).toEqual({
      queryId: 'owned-25',
      status: 'ACCEPTED',
      phoneMasked: '138****8000',
      acceptedAt: at(25),
      replyBy: 'b',
    });
    expect(await queries.listByOwner('owner-a', { since: at(24), now: NOW, limit: 20 })).toHaveLength(2);
    expect(await queries.listByOwner('nobody', { since: at(1), now: NOW, limit: 20 })).toEqual([]);
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
    const { Items } = await db.send(new ScanCommand({ TableName: 'counters' }));
    expect(Items?.filter((item) => String(item.counterKey).startsWith('partner#tencent#'))).toEqual([
      { counterKey: `partner#tencent#${second}#0`, n: 5, expiresAt: second + 60 },
    ]);
  });

  it('spreads a company’s window over one item per 100 calls a second, and admits exactly its rate', async () => {
    const clock = new FakeClock(Date.parse('2027-01-01T00:00:20.000Z'));
    const instances = Array.from({ length: 4 }, () =>
      dynamoPartnerRateLimiter(db, 'counters', { clock, maxWaits: 0 }),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 150 }, (_, i) => instances[i % instances.length]?.acquire('douyin', 120)),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(120);
    const { Items } = await db.send(new ScanCommand({ TableName: 'counters' }));
    const shards = (Items ?? []).filter((item) => String(item.counterKey).startsWith('partner#douyin#'));
    expect(shards.map((item) => Number(item.n))).toEqual([60, 60]);
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
