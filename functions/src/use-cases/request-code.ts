import { CODE_RESEND_SECONDS, CODE_TTL_SECONDS, type RequestCodeResponse, renderCodeSms } from '@occ/shared';
import {
  NumberNotInServiceError,
  QueryCooldownError,
  ServiceUnavailableError,
  SmsNotSentError,
  TooManyRequestsError,
} from '../errors.ts';
import type { CarrierDirectory } from '../ports/carrier-directory.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import { type CounterStore, secondsUntilAdmitted } from '../ports/counter-store.ts';
import type { Hasher } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { SmsSender } from '../ports/messaging.ts';
import type { NumberStore } from '../ports/number-store.ts';
import type { Random } from '../ports/random.ts';
import { chinaDay, NUMBER_CODE_LIMITS, SESSION_CODE_LIMITS } from './limits.ts';

export interface RequestCodeDeps {
  carriers: CarrierDirectory;
  numbers: NumberStore;
  counters: CounterStore;
  sms: SmsSender;
  keyring: Hasher;
  random: Random;
  clock: Clock;
  globalDailyCap: number;
  logger: Logger;
}

const DAY = 86_400;
/** How long a number's item outlives its last code: the longest per-number limit window. */
const NUMBER_LOG_SECONDS = Math.max(...NUMBER_CODE_LIMITS.map((limit) => limit.seconds));
/** Writes that can each find the number changed by a concurrent undo before one answer is final. */
const MAX_NUMBER_WRITES = 3;

/**
 * Sends a verification code to a (normalized, valid) number. In docs/api.md order: the number must be
 * in service, not in a query cooldown, and within the per-number, per-session and global limits.
 * The code is drawn from a CSPRNG and stored only as a keyed hash for 5 minutes (replacing, so
 * voiding, any older code), then sent by SMS.
 *
 * Three conditional writes and no read in the usual case, one limit after the other: the number
 * (its cooldown, its 1/min, 5/hour and 10/day, and the new code, in one write), the session's 10 a
 * day, a slot of today's global cap. A request refused by one of them consumes nothing of the
 * others: what the earlier writes took is given back, and so is everything when the SMS gateway
 * refuses the message. Until it is given back, a concurrent request may find that limit spent.
 */
export async function requestCode(
  deps: RequestCodeDeps,
  input: { sessionId: string; phone: string },
): Promise<RequestCodeResponse> {
  const now = epochSeconds(deps.clock.now());
  if (!(await deps.carriers.isInService(input.phone))) throw new NumberNotInServiceError();
  const phoneHash = deps.keyring.hashPhone(input.phone);
  const code = deps.random.code();
  const number = await storeCode(deps, phoneHash, deps.keyring.hashCode(phoneHash, code), now);
  const taken: (() => Promise<void>)[] = [number.undo];
  // The refusal is the answer whatever the undo does: an undo that fails leaves a limit spent.
  const giveBack = () => Promise.allSettled(taken.map((undo) => undo()));

  const session = await deps.counters.record(`session#${input.sessionId}`, SESSION_CODE_LIMITS, now);
  if (!session.recorded) {
    await giveBack();
    throw new TooManyRequestsError(session.wait, 'session');
  }
  taken.push(session.undo);
  const today = chinaDay(now);
  const slot = await deps.counters.take(`codes#${today.day}`, deps.globalDailyCap, today.endsAt + DAY);
  if (!slot) {
    await giveBack();
    throw new TooManyRequestsError(today.endsAt - now, 'globalCap');
  }
  taken.push(slot.giveBack);

  try {
    await deps.sms.send({
      to: input.phone,
      text: renderCodeSms(code),
      idempotencyKey: `code-${deps.random.id()}`,
    });
  } catch (error) {
    // Refused by the gateway, nothing went out: nothing is spent, the citizen may ask again at
    // once. With no answer, the code may have reached the phone: it stays spent.
    if (error instanceof SmsNotSentError) {
      deps.logger.warn('sms_not_sent', { purpose: 'code', reason: error.reason });
      await giveBack();
    }
    throw new ServiceUnavailableError();
  }
  return { resendAfterSeconds: CODE_RESEND_SECONDS, expiresInSeconds: CODE_TTL_SECONDS };
}

/** The number's write, or why the number refuses: its cooldown first, then its limits (docs/api.md order). */
async function storeCode(deps: RequestCodeDeps, phoneHash: string, codeHash: string, now: number) {
  for (let write = 0; write < MAX_NUMBER_WRITES; write++) {
    const outcome = await deps.numbers.sendCode(
      {
        phoneHash,
        codeHash,
        sentAt: now,
        codeExpiresAt: now + CODE_TTL_SECONDS,
        expiresAt: now + NUMBER_LOG_SECONDS,
      },
      NUMBER_CODE_LIMITS,
    );
    if (outcome.sent) return outcome;
    const { current } = outcome;
    if (current?.cooldownUntil !== undefined && current.cooldownUntil > now) {
      throw new QueryCooldownError(current.cooldownUntil - now);
    }
    const wait = secondsUntilAdmitted(current?.codesSentAt ?? [], NUMBER_CODE_LIMITS, now);
    if (wait > 0) throw new TooManyRequestsError(wait, 'number');
    // Refused, yet admitted as read back: a concurrent refused request undid its code in between.
  }
  throw new TooManyRequestsError(1, 'number');
}
