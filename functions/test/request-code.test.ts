import { renderCodeSms } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import {
  NumberNotInServiceError,
  QueryCooldownError,
  ServiceUnavailableError,
  SmsNotSentError,
  TooManyRequestsError,
} from '../src/errors.ts';
import { epochSeconds } from '../src/ports/clock.ts';
import { type RequestCodeDeps, requestCode } from '../src/use-cases/request-code.ts';
import {
  FakeClock,
  fakeCarrier,
  keyring,
  MemoryCounters,
  MemoryLogger,
  MemoryNumbers,
  MemorySms,
  sequenceRandom,
} from './fakes.ts';

const PHONE = '13800138000';

function world(globalDailyCap = 100) {
  const clock = new FakeClock();
  const deps = {
    carriers: fakeCarrier({
      [PHONE]: { idSuffix: '01234X', inService: true },
      '13700137000': { idSuffix: '010101', inService: false },
      '13700137001': { idSuffix: '010101', inService: true },
    }),
    numbers: new MemoryNumbers(),
    counters: new MemoryCounters(),
    sms: new MemorySms(),
    keyring,
    random: sequenceRandom(['482913']),
    clock,
    globalDailyCap,
    logger: new MemoryLogger(),
  } satisfies RequestCodeDeps;
  return { deps, clock, send: (phone = PHONE, sessionId = 's1') => requestCode(deps, { sessionId, phone }) };
}

describe('requestCode', () => {
  it('sends a 6-digit code by SMS and stores only its keyed hash for 5 minutes', async () => {
    const { deps, clock, send } = world();
    expect(await send()).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    expect(deps.sms.sent).toEqual([
      { to: PHONE, text: renderCodeSms('482913'), idempotencyKey: expect.any(String) },
    ]);
    const stored = [...deps.numbers.items.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      state: 'LIVE',
      attempts: 0,
      codeExpiresAt: epochSeconds(clock.now()) + 300,
    });
    expect(JSON.stringify(stored)).not.toContain('482913');
    expect(JSON.stringify(stored)).not.toContain(PHONE);
  });

  it('refuses a number the carrier says is not in service', async () => {
    const { deps, send } = world();
    await expect(send('13700137000')).rejects.toBeInstanceOf(NumberNotInServiceError);
    expect(deps.sms.sent).toEqual([]);
  });

  it('refuses during a query cooldown, with the seconds left', async () => {
    const { deps, clock, send } = world();
    const now = epochSeconds(clock.now());
    const phoneHash = keyring.hashPhone(PHONE);
    deps.numbers.items.set(phoneHash, {
      phoneHash,
      codesSentAt: [now - 600],
      codeHash: 'used',
      state: 'USED',
      attempts: 0,
      codeExpiresAt: now - 300,
      queryId: 'q',
      cooldownUntil: now + 7_200,
      expiresAt: now + 7_200,
    });
    const error = await send().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueryCooldownError);
    expect((error as QueryCooldownError).retryAfterSeconds).toBe(7_200);
  });

  it.each([
    ['1 a minute', 1, 60, 1],
    ['5 an hour', 5, 61, 3_600 - 4 * 61],
    ['10 a day', 10, 3_600, 86_400 - 9 * 3_600],
  ])('holds a number to %s', async (_name, allowed, spacing, retryAfter) => {
    const { clock, send } = world();
    for (let i = 0; i < allowed; i++) {
      await send(PHONE, `session-${i}`);
      clock.advance(spacing);
    }
    clock.advance(-spacing);
    const error = await send(PHONE, 'another').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(spacing === 60 ? 60 : retryAfter);
  });

  it('holds the whole service to its global daily cap, until midnight in Beijing', async () => {
    const { send, clock } = world(1);
    await send();
    const error = await send('13700137001', 'other').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ limit: 'globalCap' });
    // The fake clock starts at 08:00 UTC, 16:00 in Beijing: eight hours to the next day.
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(8 * 3_600);
    clock.advance(8 * 3_600);
    await expect(send('13700137001', 'other')).resolves.toMatchObject({ resendAfterSeconds: 60 });
  });

  it('names the limit that refused: the number first, then the session', async () => {
    const { deps } = world();
    const anyNumber = { isInService: async () => true, ownerIdSuffixMatches: async () => true };
    const send = (phone: string, sessionId: string) =>
      requestCode({ ...deps, carriers: anyNumber }, { sessionId, phone });
    await send(PHONE, 's1');
    await expect(send(PHONE, 's2')).rejects.toMatchObject({ limit: 'number', retryAfterSeconds: 60 });
    for (let i = 0; i < 10; i++) await send(`1370013${String(7100 + i)}`, 'busy');
    await expect(send('13700137001', 'busy')).rejects.toMatchObject({
      limit: 'session',
      retryAfterSeconds: 86_400,
    });
  });
});

describe('requestCode when the SMS gateway fails', () => {
  it('answers SERVICE_UNAVAILABLE so the citizen can ask again later', async () => {
    const { deps } = world();
    const failing = { ...deps, sms: { send: async () => Promise.reject(new Error('gateway down')) } };
    await expect(requestCode(failing, { sessionId: 's1', phone: PHONE })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('logs a refusal by the gateway as sms_not_sent with its reason, never the number, and spends no limit', async () => {
    const { deps } = world();
    let refuse = true;
    const sms = {
      send: async (message: Parameters<typeof deps.sms.send>[0]) => {
        if (refuse) throw new SmsNotSentError('isv.BUSINESS_LIMIT_CONTROL');
        return deps.sms.send(message);
      },
    };
    await expect(requestCode({ ...deps, sms }, { sessionId: 's1', phone: PHONE })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(deps.logger.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'sms_not_sent',
        fields: { purpose: 'code', reason: 'isv.BUSINESS_LIMIT_CONTROL' },
      }),
    ]);
    expect(JSON.stringify(deps.logger.lines)).not.toContain(PHONE.slice(-4));
    refuse = false;
    await expect(requestCode({ ...deps, sms }, { sessionId: 's1', phone: PHONE })).resolves.toMatchObject({
      resendAfterSeconds: 60,
    });
  });
});
