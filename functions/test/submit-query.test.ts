import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyBytes } from '../src/adapters/crypto/keyring.ts';
import {
  CodeAttemptsExceededError,
  CodeExpiredError,
  CodeIncorrectError,
  QueryCooldownError,
  ServiceUnavailableError,
} from '../src/errors.ts';
import { epochSeconds } from '../src/ports/clock.ts';
import { requestCode } from '../src/use-cases/request-code.ts';
import { type SubmitQueryDeps, submitQuery } from '../src/use-cases/submit-query.ts';
import {
  FakeClock,
  fakeCarrier,
  keyring,
  MemoryCounters,
  MemoryLogger,
  MemoryNumbers,
  MemoryQueries,
  MemoryQueue,
  MemorySms,
  sequenceRandom,
} from './fakes.ts';

const PHONE = '13800138000';
const SUFFIX = '01234X';

function world() {
  const clock = new FakeClock();
  const deps = {
    numbers: new MemoryNumbers(),
    carriers: fakeCarrier({ [PHONE]: { idSuffix: SUFFIX, inService: true } }),
    queries: new MemoryQueries(),
    queue: new MemoryQueue(),
    keyring,
    random: sequenceRandom(['123456', '654321']),
    clock,
    companyIds: ['tencent', 'alipay', 'jd'],
    retentionDays: 30,
  } satisfies SubmitQueryDeps;
  const sms = new MemorySms();
  const sendCode = () =>
    requestCode(
      { ...deps, counters: new MemoryCounters(), sms, globalDailyCap: 100, logger: new MemoryLogger() },
      { sessionId: 'session-a', phone: PHONE },
    );
  const submit = (input: Partial<{ userId: string; idSuffix: string; code: string }> = {}) =>
    submitQuery(deps, { userId: 'user-a', phone: PHONE, idSuffix: SUFFIX, code: '123456', ...input });
  return { deps, clock, sms, sendCode, submit };
}

describe('submitQuery', () => {
  it('accepts a matching submission, stores only hashes, the masked and the sealed number, and enqueues it', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    const { repeated, query } = await submit();
    expect(repeated).toBe(false);
    expect(query).toMatchObject({ status: 'ACCEPTED', phoneMasked: '138****8000', smsPort: '10699000' });
    expect(Date.parse(query.replyBy) - Date.parse(query.acceptedAt)).toBe(48 * 3_600_000);
    const stored = deps.queries.items.get(query.queryId);
    expect(stored?.companies.map((company) => company.companyId)).toEqual(['tencent', 'alipay', 'jd']);
    expect(keyring.decryptPhone(stored?.phoneEncrypted ?? '')).toBe(PHONE);
    expect(deps.queue.queued).toEqual([query.queryId]);
    const everything = JSON.stringify([...deps.queries.items.values(), ...deps.numbers.items.values()]);
    for (const secret of [PHONE, SUFFIX, '123456']) expect(everything).not.toContain(secret);
  });

  it('answers a mismatched ID suffix with the same ACCEPTED body and stores a REJECTED query without companies', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    const { query } = await submit({ idSuffix: '150317' });
    expect(query.status).toBe('ACCEPTED');
    expect(deps.queries.items.get(query.queryId)).toMatchObject({ status: 'REJECTED', companies: [] });
    expect(deps.queue.queued).toEqual([query.queryId]);
  });

  it('answers a repeat of the same submission within 10 minutes with the same query, and not after', async () => {
    const { clock, sendCode, submit } = world();
    await sendCode();
    const first = await submit();
    clock.advance(599);
    const repeat = await submit();
    expect(repeat).toEqual({ repeated: true, query: first.query });
    await expect(submit({ userId: 'user-b' })).rejects.toBeInstanceOf(CodeExpiredError);
    clock.advance(2);
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
  });

  it('counts wrong codes down, voids the code on the 5th and then treats it as expired', async () => {
    const { sendCode, submit } = world();
    await sendCode();
    const left: number[] = [];
    for (let i = 0; i < 4; i++) {
      const error = await submit({ code: '000000' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CodeIncorrectError);
      left.push((error as CodeIncorrectError).attemptsLeft ?? -1);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = await submit({ code: '000000' }).catch((caught: unknown) => caught);
    expect(fifth).toBeInstanceOf(CodeAttemptsExceededError);
    expect((fifth as CodeAttemptsExceededError).retryAfterSeconds).toBe(60);
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
  });

  it('answers CODE_EXPIRED after 5 minutes, and for a code that was never sent', async () => {
    const { clock, sendCode, submit } = world();
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
    await sendCode();
    clock.advance(300);
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
  });

  it('lets only the newest code through: a newer code replaces the older', async () => {
    const { clock, sendCode, submit } = world();
    await sendCode();
    clock.advance(61);
    await sendCode();
    await expect(submit({ code: '123456' })).rejects.toBeInstanceOf(CodeIncorrectError);
    expect((await submit({ code: '654321' })).repeated).toBe(false);
  });

  it('answers QUERY_COOLDOWN while another query for the number is within 24 hours, without using the code', async () => {
    const { deps, clock, sendCode, submit } = world();
    await sendCode();
    const number = deps.numbers.items.get(keyring.hashPhone(PHONE));
    if (number) number.cooldownUntil = epochSeconds(clock.now()) + 3_600;
    const error = await submit().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueryCooldownError);
    expect((error as QueryCooldownError).retryAfterSeconds).toBe(3_600);
    expect(deps.numbers.items.get(keyring.hashPhone(PHONE))?.state).toBe('LIVE');
  });

  it('closes the query, erases the number and gives the cooldown back when the queue refuses it', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    deps.queue.enqueue = async () => Promise.reject(new Error('queue unavailable'));
    await expect(submit()).rejects.toBeInstanceOf(ServiceUnavailableError);
    const [stored] = [...deps.queries.items.values()];
    expect(stored?.status).toBe('FAILED');
    expect(stored).not.toHaveProperty('phoneEncrypted');
    expect(deps.numbers.items.get(keyring.hashPhone(PHONE))).not.toHaveProperty('cooldownUntil');
  });
});

describe('submitQuery when a write after the cooldown claim fails', () => {
  it('gives the cooldown back and does not answer a retry as a repeat when the query cannot be stored', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    deps.queries.create = async () => Promise.reject(new Error('table unavailable'));
    await expect(submit()).rejects.toBeInstanceOf(ServiceUnavailableError);
    const number = deps.numbers.items.get(keyring.hashPhone(PHONE));
    expect(number).not.toHaveProperty('cooldownUntil');
    expect(number).not.toHaveProperty('submissionHash');
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
  });

  it('still gives the cooldown back when closing the query fails too', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    deps.queue.enqueue = async () => Promise.reject(new Error('queue unavailable'));
    deps.queries.recordFailure = async () => Promise.reject(new Error('table unavailable'));
    await expect(submit()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(deps.numbers.items.get(keyring.hashPhone(PHONE))).not.toHaveProperty('cooldownUntil');
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
  });

  it('keeps a newer query’s cooldown when giving one back', async () => {
    const { deps, clock, sendCode, submit } = world();
    await sendCode();
    const phoneHash = keyring.hashPhone(PHONE);
    deps.queue.enqueue = async () => {
      // Another query for the number took the cooldown meanwhile (e.g. the first one ran out).
      Object.assign(deps.numbers.items.get(phoneHash) ?? {}, {
        queryId: 'other',
        cooldownUntil: epochSeconds(clock.now()) + 60,
      });
      throw new Error('queue unavailable');
    };
    await expect(submit()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(deps.numbers.items.get(phoneHash)).toMatchObject({
      queryId: 'other',
      cooldownUntil: epochSeconds(clock.now()) + 60,
    });
  });

  it('does not answer a repeat with a FAILED query', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    const { query } = await submit();
    const stored = deps.queries.items.get(query.queryId);
    if (stored) stored.status = 'FAILED';
    await expect(submit()).rejects.toBeInstanceOf(CodeExpiredError);
  });

  it('answers concurrent identical submissions with the one query, even before it is stored', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    const create = deps.queries.create.bind(deps.queries);
    let stored: () => void = () => {};
    const storing = new Promise<void>((resolve) => {
      stored = resolve;
    });
    deps.queries.create = async (item) => {
      // The others arrive while the first acceptance is between its cooldown claim and its write.
      const others = Promise.all([submit(), submit()]);
      const answers = await others;
      expect(answers.map((answer) => answer.repeated)).toEqual([true, true]);
      expect(new Set(answers.map((answer) => answer.query.queryId))).toEqual(new Set([item.queryId]));
      await create(item);
      stored();
    };
    const first = await submit();
    await storing;
    expect(first.repeated).toBe(false);
    expect(deps.queries.items.size).toBe(1);
  });
});

describe('submitQuery and the ID suffix', () => {
  it('keeps no encoding of the suffix on the code item: its submission hash is computable without it', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    await submit();
    const [item] = [...deps.numbers.items.values()];
    const stored = JSON.stringify(item);
    const encodings = [SUFFIX, SUFFIX.toLowerCase(), SUFFIX.toUpperCase()].flatMap((form) => [
      form,
      Buffer.from(form).toString('hex'),
      Buffer.from(form).toString('hex').toUpperCase(),
      Buffer.from(form).toString('base64'),
      Buffer.from(form).toString('base64url'),
    ]);
    for (const encoding of encodings) expect(stored).not.toContain(encoding);
    const withoutSuffix = createHmac('sha256', keyBytes('test-pepper'))
      .update(['submission', 'user-a', PHONE, '123456'].join('\u0000'), 'utf8')
      .digest('hex');
    expect(item?.submissionHash).toBe(withoutSuffix);
  });

  it('answers the same session, number and code with another suffix within 10 minutes with the original body', async () => {
    const { deps, sendCode, submit } = world();
    await sendCode();
    const first = await submit();
    const other = await submit({ idSuffix: '150317' });
    expect(other).toEqual({ repeated: true, query: first.query });
    expect(deps.queries.items.size).toBe(1);
  });
});
