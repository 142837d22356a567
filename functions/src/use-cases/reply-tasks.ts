import { renderPartialSms, renderResultSms, renderUnsuccessfulSms } from '@occ/shared';
import { TransientError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { Keyring } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { LookupStore } from '../ports/lookup-store.ts';
import type { SmsSender } from '../ports/messaging.ts';
import type { QueryStore } from '../ports/query-store.ts';

/**
 * Closes every lookup still open as UNAVAILABLE and renders the reply from the stored results:
 * the result, the partial result (naming the unavailable companies) or "unsuccessful" for a
 * REJECTED query. The text holds the masked number and counts only.
 */
export async function aggregateResults(
  deps: { queries: QueryStore; lookups: LookupStore; clock: Clock; logger: Logger },
  input: { queryId: string },
): Promise<{ queryId: string }> {
  const now = epochSeconds(deps.clock.now());
  const query = await deps.queries.get(input.queryId, now);
  if (!query) throw new TransientError('query not found');
  if (query.replyText) return { queryId: query.queryId };
  if (query.status === 'REJECTED') {
    await deps.queries.saveReply(query.queryId, renderUnsuccessfulSms());
    return { queryId: query.queryId };
  }
  const lookups = await deps.lookups.getMany(
    query.companies.map((company) => company.lookupId),
    now,
  );
  const counts: { companyId: string; count: number }[] = [];
  const unavailable: string[] = [];
  for (const { companyId, lookupId } of query.companies) {
    let lookup = lookups.find((item) => item.lookupId === lookupId);
    if (lookup?.status === 'PENDING') {
      lookup = await deps.lookups.markUnavailable(lookupId);
      if (lookup?.status === 'UNAVAILABLE') {
        deps.logger.warn('company_unavailable', { queryId: query.queryId, companyId, reason: 'still open' });
      }
    }
    if (lookup?.status === 'DONE' && lookup.count !== undefined)
      counts.push({ companyId, count: lookup.count });
    else unavailable.push(companyId);
  }
  const text =
    unavailable.length === 0
      ? renderResultSms({ phoneMasked: query.phoneMasked, counts })
      : renderPartialSms({ phoneMasked: query.phoneMasked, counts, unavailable });
  await deps.queries.saveReply(query.queryId, text);
  deps.logger.info('reply_rendered', {
    queryId: query.queryId,
    answered: counts.length,
    unavailable: unavailable.join(','),
  });
  return { queryId: query.queryId };
}

/**
 * Sends the reply once. The claim is a conditional write before sending, so a second execution or
 * a retry after a recorded send never sends again. Tie-break after a crash between sending and
 * recording (claimed, not recorded): we send again with the same idempotency key, because a lost
 * result is worse for the citizen than a duplicate; a gateway that honours the key drops the
 * duplicate (the local outbox does), SNS does not.
 */
export async function sendReply(
  deps: { queries: QueryStore; keyring: Keyring; sms: SmsSender; clock: Clock; logger: Logger },
  input: { queryId: string },
): Promise<{ queryId: string }> {
  const nowDate = deps.clock.now();
  const query = await deps.queries.get(input.queryId, epochSeconds(nowDate));
  if (!query) throw new TransientError('query not found');
  if (query.smsSentAt) return { queryId: query.queryId };
  if (!query.replyText || !query.phoneEncrypted)
    throw new Error('reply cannot be sent: no text or no number');
  const first = await deps.queries.claimReply(query.queryId, nowDate.toISOString());
  if (!first) deps.logger.warn('reply_resent_after_interruption', { queryId: query.queryId });
  await deps.sms.send({
    to: deps.keyring.decryptPhone(query.phoneEncrypted),
    text: query.replyText,
    idempotencyKey: `reply-${query.queryId}`,
  });
  deps.logger.info('reply_sent', { queryId: query.queryId, phoneMasked: query.phoneMasked });
  return { queryId: query.queryId };
}

/** Records delivery: smsSentAt, COMPLETED (REJECTED stays), and erases the encrypted number, in one write. */
export async function recordDelivery(
  deps: { queries: QueryStore; clock: Clock },
  input: { queryId: string },
): Promise<{ queryId: string }> {
  await deps.queries.recordDelivery(input.queryId, deps.clock.now().toISOString());
  return { queryId: input.queryId };
}

/** The reply could not be sent at all: FAILED, number erased. */
export async function recordFailure(
  deps: { queries: QueryStore; clock: Clock; logger: Logger },
  input: { queryId: string },
): Promise<{ queryId: string }> {
  await deps.queries.recordFailure(input.queryId, deps.clock.now().toISOString());
  deps.logger.error('reply_failed', { queryId: input.queryId });
  return { queryId: input.queryId };
}
