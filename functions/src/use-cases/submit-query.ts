import {
  enabledCompanies,
  MAX_CODE_ATTEMPTS,
  maskPhone,
  QUERY_COOLDOWN_SECONDS,
  type QueryAccepted,
  REPEAT_SUBMISSION_SECONDS,
  REPLY_WITHIN_HOURS,
  SMS_PORT,
} from '@occ/shared';
import {
  CodeAttemptsExceededError,
  CodeExpiredError,
  CodeIncorrectError,
  QueryCooldownError,
  ServiceUnavailableError,
} from '../errors.ts';
import type { CarrierDirectory } from '../ports/carrier-directory.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import { secondsUntilAdmitted } from '../ports/counter-store.ts';
import type { Keyring } from '../ports/keyring.ts';
import type { LookupQueue } from '../ports/messaging.ts';
import type { NumberItem, NumberStore } from '../ports/number-store.ts';
import type { QueryStore } from '../ports/query-store.ts';
import type { Random } from '../ports/random.ts';
import { NUMBER_CODE_LIMITS } from './limits.ts';

export interface SubmitQueryDeps {
  numbers: NumberStore;
  carriers: CarrierDirectory;
  queries: QueryStore;
  queue: LookupQueue;
  keyring: Keyring;
  random: Random;
  clock: Clock;
  /** Companies the registry can reach (ids); the query looks up the enabled ones among them. */
  companyIds: string[];
  retentionDays: number;
}

export interface SubmitQueryInput {
  /** The caller: the user of the session (`SessionClaims.userId`), who will own the query. */
  userId: string;
  phone: string;
  idSuffix: string;
  code: string;
}

/**
 * Accepts a query. A repeat of the same submission (user, number and code; the ID suffix is not
 * part of it, so another suffix answers the same original body) within 10 minutes answers `repeated`
 * with the original query. Otherwise, in docs/api.md order: the code must be live and right (single use,
 * constant-time compare, the 5th wrong try voids it), the number out of cooldown; then the carrier's
 * real-name check. One conditional write uses the code and starts the 24-hour cooldown, the query
 * is stored (number as keyed hash, masked form and ciphertext; never the ID suffix) and enqueued:
 * three DynamoDB requests in all (read the number, that write, the query). A mismatched ID suffix
 * is accepted the same way but as REJECTED: only the SMS tells the owner.
 */
export async function submitQuery(
  deps: SubmitQueryDeps,
  input: SubmitQueryInput,
): Promise<{ repeated: boolean; query: QueryAccepted }> {
  const nowDate = deps.clock.now();
  const now = epochSeconds(nowDate);
  const phoneHash = deps.keyring.hashPhone(input.phone);
  // Never the ID suffix: see `Hasher.hashSubmission`.
  const submissionHash = deps.keyring.hashSubmission({
    userId: input.userId,
    phone: input.phone,
    code: input.code,
  });
  const phoneMasked = maskPhone(input.phone);

  const current = await deps.numbers.get(phoneHash, now);
  const repeat = await repeatOf(deps, current, submissionHash, phoneMasked, now);
  if (repeat) return repeat;
  if (current?.state !== 'LIVE' || current.codeExpiresAt <= now || current.attempts >= MAX_CODE_ATTEMPTS) {
    throw new CodeExpiredError();
  }
  if (!deps.keyring.sameHash(current.codeHash, deps.keyring.hashCode(phoneHash, input.code))) {
    const attempts = await deps.numbers.recordWrongTry(phoneHash, current.codeHash, MAX_CODE_ATTEMPTS, now);
    if (attempts === undefined) throw new CodeExpiredError();
    if (attempts < MAX_CODE_ATTEMPTS) throw new CodeIncorrectError(MAX_CODE_ATTEMPTS - attempts);
    // Retry-After: when the number may have a new code (the codes already sent say so).
    throw new CodeAttemptsExceededError(
      Math.max(1, secondsUntilAdmitted(current.codesSentAt, NUMBER_CODE_LIMITS, now)),
    );
  }
  if (current.cooldownUntil !== undefined && current.cooldownUntil > now) {
    throw new QueryCooldownError(current.cooldownUntil - now);
  }

  const matches = await deps.carriers.ownerIdSuffixMatches(input.phone, input.idSuffix);
  const queryId = deps.random.id();
  const acceptedAt = nowDate.toISOString();
  const accepted = await deps.numbers.accept(phoneHash, current.codeHash, {
    submissionHash,
    queryId,
    acceptedAt,
    usedAt: now,
    cooldownUntil: now + QUERY_COOLDOWN_SECONDS,
  });
  if (!accepted) {
    // Another submission used the code first: the same one is answered as a repeat.
    const again = await repeatOf(
      deps,
      await deps.numbers.get(phoneHash, now),
      submissionHash,
      phoneMasked,
      now,
    );
    if (again) return again;
    throw new CodeExpiredError();
  }

  const replyBy = new Date(nowDate.getTime() + REPLY_WITHIN_HOURS * 3_600_000).toISOString();
  const companies = matches
    ? enabledCompanies()
        .filter((company) => deps.companyIds.includes(company.id))
        .map((company) => ({ companyId: company.id, lookupId: deps.random.id() }))
    : [];
  try {
    await deps.queries.create({
      queryId,
      ownerId: input.userId,
      phoneHash,
      phoneMasked,
      phoneEncrypted: deps.keyring.encryptPhone(input.phone),
      status: matches ? 'ACCEPTED' : 'REJECTED',
      acceptedAt,
      replyBy,
      companies,
      expiresAt: now + deps.retentionDays * 86_400,
    });
    await deps.queue.enqueue(queryId);
  } catch {
    // Not stored or not handed on, so never answered: undo the acceptance and let the citizen try
    // again with a new code.
    await undoAcceptance(deps, phoneHash, queryId, nowDate.toISOString());
    throw new ServiceUnavailableError();
  }
  return {
    repeated: false,
    // The same answer whether or not the ID suffix matched: only the SMS tells the owner.
    query: {
      queryId,
      status: 'ACCEPTED',
      phoneMasked,
      acceptedAt,
      replyBy,
      smsPort: SMS_PORT,
    },
  };
}

/**
 * Undoes an acceptance whose query was not stored or not enqueued: closes the query if it was
 * stored (erasing the number), ends the cooldown and drops the code's submission link, so a retry
 * is neither held 24 hours nor answered with a query that does not exist. Each step runs whatever
 * the other does (the code itself stays used). Failures here are not the caller's answer: the
 * acceptance already failed.
 */
async function undoAcceptance(deps: SubmitQueryDeps, phoneHash: string, queryId: string, at: string) {
  await Promise.allSettled([
    deps.queries.recordFailure(queryId, at),
    deps.numbers.undoAcceptance(phoneHash, queryId),
  ]);
}

async function repeatOf(
  deps: SubmitQueryDeps,
  code: NumberItem | undefined,
  submissionHash: string,
  phoneMasked: string,
  now: number,
): Promise<{ repeated: boolean; query: QueryAccepted } | undefined> {
  if (code?.state !== 'USED' || !code.queryId || !code.acceptedAt || code.submissionHash === undefined) {
    return undefined;
  }
  if (!deps.keyring.sameHash(code.submissionHash, submissionHash)) return undefined;
  if ((code.usedAt ?? 0) + REPEAT_SUBMISSION_SECONDS <= now) return undefined;
  const query = await deps.queries.get(code.queryId, now);
  // A query closed because it could not be stored or handed on is no answer: the normal path
  // answers (CODE_EXPIRED for the used code). Such an acceptance also drops the code's submission
  // link (`undoAcceptance`), so a query still missing while the link holds is one whose acceptance
  // is in flight in a concurrent request: it is answered as accepted, as that request will be.
  if (query?.status === 'FAILED') return undefined;
  const acceptedAt = query?.acceptedAt ?? code.acceptedAt;
  return {
    repeated: true,
    query: {
      queryId: code.queryId,
      status: query?.status ?? 'ACCEPTED',
      phoneMasked,
      acceptedAt,
      replyBy:
        query?.replyBy ?? new Date(Date.parse(acceptedAt) + REPLY_WITHIN_HOURS * 3_600_000).toISOString(),
      smsPort: SMS_PORT,
    },
  };
}
