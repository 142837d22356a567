import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCounterStore } from '../src/adapters/dynamodb/counter-store.ts';
import { dynamoNumberStore } from '../src/adapters/dynamodb/number-store.ts';
import { dynamoQueryStore } from '../src/adapters/dynamodb/query-store.ts';
import { ApiError } from '../src/errors.ts';
import type { CarrierDirectory } from '../src/ports/carrier-directory.ts';
import { type RequestCodeDeps, requestCode } from '../src/use-cases/request-code.ts';
import { type SubmitQueryDeps, submitQuery } from '../src/use-cases/submit-query.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';
import { FakeClock, keyring, MemoryLogger, MemoryQueue, MemorySms } from './fakes.ts';

/**
 * Races over every pair of limits on a verification code — per number 1 a minute, 5 an hour and
 * 10 a day, per session 10 a day, the global daily cap, and the query cooldown — through the real
 * use cases and DynamoDB adapters on dynalite. The rule under test: a request refused by any limit
 * consumes nothing of any other. Each race sets one limit at its last slot, sends several requests
 * that need it at once, and then probes the limits the losers passed: they must be untouched.
 */
const RACERS = 4;
const HOUR = 3_600;
const DAY = 86_400;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo?.close());

/** Every number is in service and owned by whoever submits: the carrier is no limit under test. */
const carrier: CarrierDirectory = { isInService: async () => true, ownerIdSuffixMatches: async () => true };

/** The DynamoDB stores of one world, on tables of its own. */
async function stores(dynamo: LocalDynamo) {
  return {
    numbers: dynamoNumberStore(dynamo.db, await dynamo.table('phoneHash')),
    // Shards as deployed: the global cap is spread over several items.
    counters: dynamoCounterStore(dynamo.db, await dynamo.table('counterKey'), { shards: 10 }),
    queries: dynamoQueryStore(dynamo.db, await dynamo.table('queryId')),
  };
}

type Answer = { status: string; retryAfter?: number };
/** Codes already sent to a number (see `numbersWith`). */
type Spent = { hoursAgo?: number[]; inHour?: number };

/** One service's limits on fresh tables, with a global daily cap of `cap` and a clock the test moves. */
async function world(cap: number) {
  const clock = new FakeClock();
  const sms = new MemorySms();
  let codes = 0;
  const random = { code: () => String(100_000 + (codes++ % 900_000)), id: () => randomUUID() };
  const base = { ...(await stores(dynamo)), carriers: carrier, keyring, random, clock };
  const codeDeps = (globalDailyCap: number): RequestCodeDeps => ({
    ...base,
    sms,
    globalDailyCap,
    logger: new MemoryLogger(),
  });
  const submitDeps: SubmitQueryDeps = {
    ...base,
    queue: new MemoryQueue(),
    companyIds: ['tencent'],
    retentionDays: 30,
  };
  let numbers = 0;
  let sessions = 0;
  const answer = (error: unknown): Answer => {
    if (!(error instanceof ApiError)) throw error;
    return {
      status: error.code,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfter: error.retryAfterSeconds }),
    };
  };
  const w = {
    clock,
    sent: 0,
    freshPhone: () => `139${String(++numbers).padStart(8, '0')}`,
    freshSession: () => `session-${++sessions}`,
    /** One code request; `withCap` asks as if the global cap were that instead. */
    async ask(sessionId: string, phone: string, withCap = cap): Promise<Answer> {
      try {
        await requestCode(codeDeps(withCap), { sessionId, phone });
        w.sent++;
        return { status: 'SENT' };
      } catch (error) {
        return answer(error);
      }
    },
    async submit(userId: string, phone: string): Promise<Answer> {
      const code = lastCode(sms, phone);
      try {
        await submitQuery(submitDeps, { userId, phone, idSuffix: '01234X', code });
        return { status: 'ACCEPTED' };
      } catch (error) {
        return answer(error);
      }
    },
    /** Asks and expects the code to be sent. */
    async send(sessionId: string, phone: string, withCap = cap): Promise<void> {
      expect(await w.ask(sessionId, phone, withCap), `code for ${phone}`).toEqual({ status: 'SENT' });
    },
    /**
     * `count` numbers with codes already sent: each entry of `hoursAgo` is a batch sent a minute
     * apart and then left for an hour (so it counts for the day only), then `inHour` more a minute
     * apart; the minute ends clear. Each code comes from a session of its own.
     */
    async numbersWith(count: number, spent: Spent): Promise<string[]> {
      const phones = Array.from({ length: count }, () => w.freshPhone());
      const batch = async (size: number) => {
        for (let i = 0; i < size; i++) {
          for (const phone of phones) await w.send(w.freshSession(), phone);
          clock.advance(61);
        }
      };
      for (const size of spent.hoursAgo ?? []) {
        await batch(size);
        clock.advance(HOUR);
      }
      await batch(spent.inHour ?? 0);
      return phones;
    },
    /** A session that has had `used` codes today, each for a number of its own. */
    async sessionWith(used: number): Promise<string> {
      const sessionId = w.freshSession();
      for (let i = 0; i < used; i++) await w.send(sessionId, w.freshPhone());
      return sessionId;
    },
  };
  return w;
}

function lastCode(sms: MemorySms, phone: string): string {
  const text = sms.sent.filter((message) => message.to === phone).at(-1)?.text ?? '';
  return /(\d{6})/.exec(text)?.[1] ?? '000000';
}

const sent = (answers: Answer[]) => answers.filter((a) => a.status === 'SENT');
const refused = (answers: Answer[]) => answers.filter((a) => a.status !== 'SENT');

describe('limits on verification codes under concurrency', () => {
  it('a request refused by the session limit spends none of its number’s minute, hour or day', async () => {
    // Prepare: numbers at their last slot of the hour and of the day (minute clear), and a
    // session at its last slot.
    const w = await world(10_000);
    const phones = await w.numbersWith(RACERS, { hoursAgo: [5], inHour: 4 });
    const session = await w.sessionWith(9);

    // Act: the session asks for every number at once.
    const answers = await Promise.all(phones.map((phone) => w.ask(session, phone)));

    // Assess: one code; the others refused by the session limit (a full day to wait), and each
    // refused number still has its slot: another session gets a code for it at once.
    expect(sent(answers)).toHaveLength(1);
    expect(refused(answers)).toEqual(
      Array(RACERS - 1).fill({ status: 'TOO_MANY_REQUESTS', retryAfter: DAY }),
    );
    for (const [i, phone] of phones.entries()) {
      if (answers[i]?.status !== 'SENT') await w.send(w.freshSession(), phone);
    }
  });

  it('a request refused by the global cap spends none of its number’s minute, hour or day, nor of its session', async () => {
    // Prepare: per racer a number at its last hour and day slot and a session at its last slot;
    // the cap leaves one code for today.
    const setup = RACERS * 9 + RACERS * 9;
    const w = await world(setup + 1);
    const phones = await w.numbersWith(RACERS, { hoursAgo: [5], inHour: 4 });
    const sessions: string[] = [];
    for (let i = 0; i < RACERS; i++) sessions.push(await w.sessionWith(9));
    expect(w.sent).toBe(setup);

    // Act
    const answers = await Promise.all(phones.map((phone, i) => w.ask(sessions[i] ?? '', phone)));

    // Assess: one code, the others refused by the cap; with room under a higher cap, each refused
    // number and each refused session still has its last slot.
    expect(sent(answers)).toHaveLength(1);
    for (const answer of refused(answers)) {
      expect(answer.status).toBe('TOO_MANY_REQUESTS');
      expect(answer.retryAfter).toBeGreaterThan(0);
      expect(answer.retryAfter).toBeLessThanOrEqual(DAY);
    }
    for (const [i, phone] of phones.entries()) {
      if (answers[i]?.status === 'SENT') continue;
      await w.send(w.freshSession(), phone, 10_000);
      await w.send(sessions[i] ?? '', w.freshPhone(), 10_000);
    }
  });

  it('a request refused by the session limit spends nothing of the global cap', async () => {
    // Prepare: a session at its last slot; the cap leaves two codes for today.
    const w = await world(9 + 2);
    const session = await w.sessionWith(9);

    // Act
    const answers = await Promise.all(Array.from({ length: RACERS }, () => w.ask(session, w.freshPhone())));

    // Assess: one code; the cap has exactly one left, so the refused requests took none of it.
    expect(sent(answers)).toHaveLength(1);
    expect(refused(answers)).toEqual(
      Array(RACERS - 1).fill({ status: 'TOO_MANY_REQUESTS', retryAfter: DAY }),
    );
    await w.send(w.freshSession(), w.freshPhone());
    expect((await w.ask(w.freshSession(), w.freshPhone())).status).toBe('TOO_MANY_REQUESTS');
  });

  it.each<[string, Spent]>([
    ['minute', {}],
    ['hour', { inHour: 4 }],
    ['day', { hoursAgo: [5, 4] }],
  ])(
    'a request refused by the number’s %s limit spends nothing of its session or the global cap',
    async (_limit, spent) => {
      // Prepare: the number at its last slot of that limit; per racer a session at its last slot;
      // the cap leaves two codes for today.
      const setupNumber = (spent.hoursAgo ?? []).reduce((a, b) => a + b, 0) + (spent.inHour ?? 0);
      const w = await world(setupNumber + RACERS * 9 + 2);
      const [phone = ''] = await w.numbersWith(1, spent);
      const sessions: string[] = [];
      for (let i = 0; i < RACERS; i++) sessions.push(await w.sessionWith(9));

      // Act: every session asks for the number at once.
      const answers = await Promise.all(sessions.map((session) => w.ask(session, phone)));

      // Assess: one code, the others refused by the number's limits; the cap has exactly one left,
      // and, with room under a higher cap, each refused session still has its last slot.
      expect(sent(answers)).toHaveLength(1);
      for (const answer of refused(answers)) expect(answer.status).toBe('TOO_MANY_REQUESTS');
      await w.send(w.freshSession(), w.freshPhone());
      expect((await w.ask(w.freshSession(), w.freshPhone())).status).toBe('TOO_MANY_REQUESTS');
      for (const [i, session] of sessions.entries()) {
        if (answers[i]?.status !== 'SENT') await w.send(session, w.freshPhone(), 10_000);
      }
    },
  );

  it.each<[string, string, Spent, number, number]>([
    ['the minute', 'the hour', { inHour: 3 }, 61, HOUR],
    ['the minute', 'the day', { hoursAgo: [5, 3] }, 61, DAY],
    ['the hour', 'the day', { hoursAgo: [4], inHour: 4 }, HOUR, DAY],
  ])(
    'a request refused by %s spends nothing of %s of the same number',
    async (_refusing, _spared, spent, clearRefusing, window) => {
      // Prepare: one slot left in the spared window (and, for the hour, in the refusing one too).
      const w = await world(10_000);
      const firstSentAt = w.clock.ms / 1000;
      const [phone = ''] = await w.numbersWith(1, spent);
      const sessions = Array.from({ length: RACERS }, () => w.freshSession());

      // Act
      const answers = await Promise.all(sessions.map((session) => w.ask(session, phone)));

      // Assess: one code; once the refusing limit has cleared, the spared window still has its
      // last slot, and after that the wait is until the window's first code leaves it.
      expect(sent(answers)).toHaveLength(1);
      for (const answer of refused(answers)) expect(answer.status).toBe('TOO_MANY_REQUESTS');
      w.clock.advance(clearRefusing);
      await w.send(w.freshSession(), phone);
      w.clock.advance(61);
      const full = await w.ask(w.freshSession(), phone);
      expect(full.status).toBe('TOO_MANY_REQUESTS');
      const windowStart = window === DAY ? firstSentAt : windowStartOfHour(spent, firstSentAt);
      expect(full.retryAfter).toBe(windowStart + window - w.clock.ms / 1000);
    },
  );

  it('a request refused by the cooldown spends nothing of its session or the global cap', async () => {
    // Prepare: an accepted query for the number; per racer a session at its last slot; one code
    // left under the cap.
    const w = await world(1 + RACERS * 9 + 1);
    const owner = w.freshSession();
    const phone = w.freshPhone();
    await w.send(owner, phone);
    expect(await w.submit(owner, phone)).toEqual({ status: 'ACCEPTED' });
    const sessions: string[] = [];
    for (let i = 0; i < RACERS; i++) sessions.push(await w.sessionWith(9));
    w.clock.advance(61);

    // Act
    const answers = await Promise.all(sessions.map((session) => w.ask(session, phone)));

    // Assess
    expect(answers).toEqual(Array(RACERS).fill({ status: 'QUERY_COOLDOWN', retryAfter: DAY - 61 }));
    await w.send(w.freshSession(), w.freshPhone());
    expect((await w.ask(w.freshSession(), w.freshPhone())).status).toBe('TOO_MANY_REQUESTS');
    for (const session of sessions) await w.send(session, w.freshPhone(), 10_000);
  });

  it('a submission racing code requests for its number: either the query or new codes, and a request refused by the cooldown spends nothing', async () => {
    // Prepare: a live code for the number, a minute old; per racer a session at its last slot.
    const w = await world(10_000);
    const owner = w.freshSession();
    const phone = w.freshPhone();
    await w.send(owner, phone);
    const sessions: string[] = [];
    for (let i = 0; i < RACERS; i++) sessions.push(await w.sessionWith(9));
    w.clock.advance(61);

    // Act: the owner submits while the sessions ask for new codes.
    const [submitted, ...answers] = await Promise.all([
      w.submit(owner, phone),
      ...sessions.map((session) => w.ask(session, phone)),
    ]);

    // Assess: a query accepted voids no code after it and lets none be sent; a new code sent first
    // voids the one submitted. Every session refused by the cooldown keeps its last slot.
    if (submitted?.status === 'ACCEPTED') {
      expect(sent(answers)).toEqual([]);
    } else {
      expect(submitted).toEqual({ status: 'CODE_EXPIRED' });
      expect(sent(answers)).toHaveLength(1);
    }
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 'SENT') continue;
      expect(['QUERY_COOLDOWN', 'TOO_MANY_REQUESTS']).toContain(answer.status);
      await w.send(sessions[i] ?? '', w.freshPhone());
    }
  });
});

/** When the hour window of a number set up with `spent` opened: its first code of the last hour. */
function windowStartOfHour(spent: Spent, firstSentAt: number): number {
  const batches = spent.hoursAgo ?? [];
  return firstSentAt + batches.reduce((elapsed, batch) => elapsed + batch * 61 + HOUR, 0);
}
