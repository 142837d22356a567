import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamper } from './support/fuzz.ts';
import { errorCode, send } from './support/http.ts';
import { replies } from './support/journey.ts';
import { quickScenario, startTestService, subscriberSupply, type TestService } from './support/service.ts';

const WRONG = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('abuse of the public API', () => {
  let t: TestService;
  /** A fresh subscriber for each test, so limits and cooldowns of one test do not touch another. */
  const fresh = subscriberSupply(() => t);

  beforeAll(async () => {
    t = await startTestService({
      subscribers: 40,
      scenario: (subscribers) =>
        quickScenario([...subscribers, { phone: '13700000001', idSuffix: '010001', inService: false }]),
    });
  });
  afterAll(() => t?.service.close());

  describe('code guessing', () => {
    it('stops at 5 tries: 4 × CODE_INCORRECT, then CODE_ATTEMPTS_EXCEEDED, then even the right code is void', async () => {
      const { phone, idSuffix } = fresh();
      const token = await t.journey.session();
      const code = await t.journey.freshCode(token, phone);

      const tries = [];
      for (let i = 0; i < 5; i++)
        tries.push(await t.journey.submit(token, { phone, idSuffix, code: WRONG(code) }));
      const right = await t.journey.submit(token, { phone, idSuffix, code });

      expect(
        tries.map((res) => [
          res.status,
          errorCode(res),
          (res.json as { error: { attemptsLeft?: number } }).error.attemptsLeft,
        ]),
      ).toEqual([
        [403, 'CODE_INCORRECT', 4],
        [403, 'CODE_INCORRECT', 3],
        [403, 'CODE_INCORRECT', 2],
        [403, 'CODE_INCORRECT', 1],
        [429, 'CODE_ATTEMPTS_EXCEEDED', 0],
      ]);
      expect(Number(tries[4]?.headers['retry-after'])).toBeGreaterThan(0);
      expect([right.status, errorCode(right)]).toEqual([403, 'CODE_EXPIRED']);
    });

    it('gives 20 parallel guesses no more than 5 tries between them', async () => {
      const { phone, idSuffix } = fresh();
      const token = await t.journey.session();
      const code = await t.journey.freshCode(token, phone);
      const guesses = Array.from({ length: 20 }, (_, i) =>
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
      );

      const responses = await Promise.all(
        guesses.map((guess) => t.journey.submit(token, { phone, idSuffix, code: guess })),
      );
      const right = await t.journey.submit(token, { phone, idSuffix, code });

      const codes = responses.map(errorCode);
      expect(codes.filter((c) => c === 'CODE_INCORRECT').length).toBeLessThanOrEqual(4);
      expect(codes.filter((c) => c === 'CODE_ATTEMPTS_EXCEEDED')).toHaveLength(1);
      expect(
        codes.every((c) => ['CODE_INCORRECT', 'CODE_ATTEMPTS_EXCEEDED', 'CODE_EXPIRED'].includes(String(c))),
      ).toBe(true);
      expect(errorCode(right)).toBe('CODE_EXPIRED');
    });
  });

  describe('codes', () => {
    it('cannot be replayed from another session, nor by the same session after the repeat window', async () => {
      const subscriber = fresh();
      const { token, res } = await t.journey.accepted(subscriber);
      const code = (await t.journey.codesSent(subscriber.phone)).at(-1) ?? '';
      const body = { phone: subscriber.phone, idSuffix: subscriber.idSuffix, code };

      const other = await t.journey.submit(await t.journey.session(), body);
      const repeat = await t.journey.submit(token, body);
      await t.journey.advanceClock(601);
      const late = await t.journey.submit(token, body);

      expect([other.status, errorCode(other)]).toEqual([403, 'CODE_EXPIRED']);
      expect(repeat.status).toBe(200);
      expect((repeat.json as { queryId: string }).queryId).toBe((res.json as { queryId: string }).queryId);
      expect(late.status).toBeGreaterThanOrEqual(400);
      expect(['CODE_EXPIRED', 'QUERY_COOLDOWN']).toContain(errorCode(late));
    });

    it('expire after 5 minutes', async () => {
      const { phone, idSuffix } = fresh();
      const token = await t.journey.session();
      const code = await t.journey.freshCode(token, phone);
      await t.journey.advanceClock(301);

      const res = await t.journey.submit(token, { phone, idSuffix, code });

      expect([res.status, errorCode(res)]).toEqual([403, 'CODE_EXPIRED']);
    });

    it('are voided by a newer code', async () => {
      const { phone, idSuffix } = fresh();
      const token = await t.journey.session();
      const first = await t.journey.freshCode(token, phone);
      await t.journey.advanceClock(61);
      const second = await t.journey.freshCode(token, phone);

      const old =
        first === second ? undefined : await t.journey.submit(token, { phone, idSuffix, code: first });
      const current = await t.journey.submit(token, { phone, idSuffix, code: second });

      if (old) expect(old.status).toBe(403);
      expect(current.status).toBe(202);
    });
  });

  describe('SMS pumping', () => {
    it('sends nothing to a number that is not in service', async () => {
      const res = await t.journey.requestCode(await t.journey.session(), '13700000001');
      expect([res.status, errorCode(res)]).toEqual([422, 'NUMBER_NOT_IN_SERVICE']);
      expect(await t.journey.outbox('13700000001')).toEqual([]);
    });

    it('holds a number to one code a minute (per-number limit) with Retry-After', async () => {
      const { phone } = fresh();
      const first = await t.journey.requestCode(await t.journey.session(), phone);
      const second = await t.journey.requestCode(await t.journey.session(), phone);
      expect(first.status).toBe(202);
      expect([second.status, errorCode(second)]).toEqual([429, 'TOO_MANY_REQUESTS']);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
      expect(await t.journey.codesSent(phone)).toHaveLength(1);
    });

    it('holds a session to 10 codes a day (per-session limit)', async () => {
      const token = await t.journey.session();
      const phones = Array.from({ length: 11 }, () => fresh().phone);
      const statuses = [];
      for (const phone of phones) statuses.push((await t.journey.requestCode(token, phone)).status);
      expect(statuses).toEqual([...Array(10).fill(202), 429]);
      expect(await t.journey.outbox(phones[10])).toEqual([]);
    });

    it('sends no code during the 24-hour cooldown of an accepted query', async () => {
      const subscriber = fresh();
      await t.journey.accepted(subscriber);
      await t.journey.advanceClock(3_600);
      const before = (await t.journey.codesSent(subscriber.phone)).length;
      const res = await t.journey.requestCode(await t.journey.session(), subscriber.phone);
      expect([res.status, errorCode(res)]).toEqual([429, 'QUERY_COOLDOWN']);
      expect(await t.journey.codesSent(subscriber.phone)).toHaveLength(before);
    });
  });

  describe('session tokens', () => {
    it('refuses an altered token on every protected route', async () => {
      const token = await t.journey.session();
      const [payload = '', signature = ''] = token.split('.');
      const forgedPayload = Buffer.from(
        JSON.stringify({
          ...JSON.parse(Buffer.from(payload, 'base64url').toString() || '{}'),
          sid: 'h5-someone-else',
        }),
      ).toString('base64url');
      const altered = [
        tamper(token),
        `${forgedPayload}.${signature}`,
        `${payload}.`,
        `${token}x`,
        token.slice(0, -1),
      ];

      for (const bad of altered) {
        const res = await Promise.all([
          t.journey.requestCode(bad, fresh().phone),
          t.journey.submit(bad, { phone: '13800138000', idSuffix: '01234X', code: '123456' }),
          t.journey.getQuery(bad, 'any'),
        ]);
        expect(res.map((r) => [r.status, errorCode(r)])).toEqual(Array(3).fill([401, 'UNAUTHORIZED']));
      }
    });

    it('refuses a token after its 2 hours', async () => {
      const token = await t.journey.session();
      const subscriber = fresh();
      const early = await t.journey.requestCode(token, subscriber.phone);
      await t.journey.advanceClock(7_201);

      const late = await t.journey.requestCode(token, fresh().phone);

      expect(early.status).toBe(202);
      expect([late.status, errorCode(late)]).toEqual([401, 'UNAUTHORIZED']);
    });
  });

  describe('queries', () => {
    it('cannot be read by another session, and an unknown id looks the same', async () => {
      const { token, queryId } = await t.journey.accepted(fresh());
      const stranger = await t.journey.session();

      const own = await t.journey.getQuery(token, queryId);
      const theirs = await t.journey.getQuery(stranger, queryId);
      const unknown = await t.journey.getQuery(stranger, crypto.randomUUID());

      expect(own.status).toBe(200);
      expect([theirs.status, errorCode(theirs)]).toEqual([404, 'QUERY_NOT_FOUND']);
      expect([unknown.status, errorCode(unknown)]).toEqual([404, 'QUERY_NOT_FOUND']);
      expect(theirs.text.replace(/"message":"[^"]*"/, '')).toBe(
        unknown.text.replace(/"message":"[^"]*"/, ''),
      );
    });

    it('answer the same 202 whether or not the ID suffix matches; only the phone learns which', async () => {
      const match = fresh();
      const other = fresh();
      const wrongSuffix = other.idSuffix === '310009' ? '300008' : '310009';

      const ok = await t.journey.accepted(match);
      const token = await t.journey.session();
      const code = await t.journey.freshCode(token, other.phone);
      const mismatch = await t.journey.submit(token, { phone: other.phone, idSuffix: wrongSuffix, code });

      expect(mismatch.status).toBe(202);
      expect(Object.keys(mismatch.json as object).sort()).toEqual(Object.keys(ok.res.json as object).sort());
      expect((mismatch.json as { status: string }).status).toBe((ok.res.json as { status: string }).status);
      const mismatchReply = await t.journey.waitForSms(
        other.phone,
        (messages) => replies(messages).length > 0,
      );
      expect(replies(mismatchReply)[0]?.text).toContain('未成功');
      const matchReply = await t.journey.waitForSms(match.phone, (messages) => replies(messages).length > 0);
      expect(replies(matchReply)[0]?.text).toContain('关联互联网账号');
    });
  });

  it('serves no file from outside the H5 build', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/../../package.json',
      '/_local/../../package.json',
    ]) {
      const res = await send(t.service.baseUrl, { method: 'GET', path });
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain('"workspaces"');
    }
  });
});

describe('the global daily cap', () => {
  let t: TestService;
  const CAP = 5;
  beforeAll(async () => {
    t = await startTestService({
      subscribers: 12,
      scenario: (subscribers) => ({ ...quickScenario(subscribers), service: { globalDailyCodeCap: CAP } }),
    });
  });
  afterAll(() => t?.service.close());

  it('stops SMS pumping across numbers and sessions, and lets the next day through', async () => {
    const statuses = [];
    for (const { phone } of t.subscribers.slice(0, 10)) {
      statuses.push((await t.journey.requestCode(await t.journey.session(), phone)).status);
    }
    const sent = (await t.journey.outbox()).length;
    await t.journey.advanceClock(86_400);
    const tomorrow = await t.journey.requestCode(await t.journey.session(), t.subscribers[11]?.phone ?? '');

    expect(statuses).toEqual([...Array(CAP).fill(202), ...Array(10 - CAP).fill(429)]);
    expect(sent).toBe(CAP);
    expect(tomorrow.status).toBe(202);
  });
});
