import { CODE_RESEND_SECONDS, CODE_TTL_SECONDS, type RequestCodeResponse, renderCodeSms } from '@occ/shared';
import {
  NumberNotInServiceError,
  QueryCooldownError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from '../errors.ts';
import type { CarrierDirectory } from '../ports/carrier-directory.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { CodeStore } from '../ports/code-store.ts';
import type { CooldownStore } from '../ports/cooldown-store.ts';
import type { CounterStore } from '../ports/counter-store.ts';
import type { Hasher } from '../ports/keyring.ts';
import type { SmsSender } from '../ports/messaging.ts';
import type { Random } from '../ports/random.ts';
import { phoneLimits, sessionAndGlobalLimits } from './limits.ts';

export interface RequestCodeDeps {
  carriers: CarrierDirectory;
  codes: CodeStore;
  counters: CounterStore;
  cooldowns: CooldownStore;
  sms: SmsSender;
  keyring: Hasher;
  random: Random;
  clock: Clock;
  globalDailyCap: number;
}

/**
 * Sends a verification code to a (normalized, valid) number. In docs/api.md order: the number must be
 * in service, not in a query cooldown, and within the per-number, per-session and global limits.
 * The code is drawn from a CSPRNG, stored only as a keyed hash for 5 minutes (replacing, so voiding,
 * any older code) and sent by SMS.
 */
export async function requestCode(
  deps: RequestCodeDeps,
  input: { sessionId: string; phone: string },
): Promise<RequestCodeResponse> {
  const now = epochSeconds(deps.clock.now());
  if (!(await deps.carriers.isInService(input.phone))) throw new NumberNotInServiceError();
  const phoneHash = deps.keyring.hashPhone(input.phone);
  const cooldown = await deps.cooldowns.get(phoneHash, now);
  if (cooldown) throw new QueryCooldownError(cooldown.expiresAt - now);

  const rules = [...phoneLimits(phoneHash), ...sessionAndGlobalLimits(input.sessionId, deps.globalDailyCap)];
  const waits = await Promise.all(rules.map((rule) => deps.counters.wait(rule, now)));
  const longest = Math.max(0, ...waits);
  if (longest > 0) throw new TooManyRequestsError(longest);
  for (const rule of rules) {
    const wait = await deps.counters.hit(rule, now);
    if (wait > 0) throw new TooManyRequestsError(wait);
  }

  const code = deps.random.code();
  await deps.codes.put({
    phoneHash,
    codeHash: deps.keyring.hashCode(phoneHash, code),
    state: 'LIVE',
    attempts: 0,
    sentAt: now,
    codeExpiresAt: now + CODE_TTL_SECONDS,
    expiresAt: now + CODE_TTL_SECONDS,
  });
  try {
    await deps.sms.send({
      to: input.phone,
      text: renderCodeSms(code),
      idempotencyKey: `code-${deps.random.id()}`,
    });
  } catch {
    // The citizen can simply ask again later; the stored code is useless without the SMS.
    throw new ServiceUnavailableError();
  }
  return { resendAfterSeconds: CODE_RESEND_SECONDS, expiresInSeconds: CODE_TTL_SECONDS };
}
