import { renderPartialSms, renderResultSms, renderUnsuccessfulSms } from '@occ/shared';
import { SmsNotSentError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { PhoneSealer } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { SmsSender } from '../ports/messaging.ts';
import type { QueryItem, QueryStore } from '../ports/query-store.ts';

/**
 * The reply to a query, from the results on it: the result, the partial result (naming the
 * unavailable companies) or "unsuccessful" for a REJECTED query. A company still without a result
 * (the lookups ended without recording one) is recorded UNAVAILABLE first, so nothing recorded
 * later can contradict the text. The text holds the number's last four digits and counts only.
 */
async function renderReply(deps: { queries: QueryStore; logger: Logger }, query: QueryItem): Promise<string> {
  if (query.status === 'REJECTED') return renderUnsuccessfulSms({ phoneMasked: query.phoneMasked });
  const counts: { companyId: string; count: number }[] = [];
  const unavailable: string[] = [];
  for (const { companyId } of query.companies) {
    let result = query.results?.[companyId];
    if (!result) {
      const after = await deps.queries.recordResult(query.queryId, companyId, { status: 'UNAVAILABLE' });
      result = after?.results?.[companyId];
      if (result?.status === 'UNAVAILABLE') {
        deps.logger.warn('company_unavailable', { queryId: query.queryId, companyId, reason: 'still open' });
      }
    }
    if (result?.status === 'DONE' && result.count !== undefined)
      counts.push({ companyId, count: result.count });
    else unavailable.push(companyId);
  }
  deps.logger.info('reply_rendered', {
    queryId: query.queryId,
    answered: counts.length,
    unavailable: unavailable.join(','),
  });
  return unavailable.length === 0
    ? renderResultSms({ phoneMasked: query.phoneMasked, counts })
    : renderPartialSms({ phoneMasked: query.phoneMasked, counts, unavailable });
}

/**
 * Renders the reply once (see `renderReply`; the text is stored with the claim, so a retry sends
 * the same words), then sends it at most once: claim (one conditional write) → send → record. A
 * query that is gone (expired) or already answered needs nothing. Two requests in the usual case.
 *
 * - The gateway answered that it did not take the message (`SmsNotSentError`: throttling, an invalid
 *   parameter, a 5xx answer): the claim is given back and the error rethrown, so the workflow's
 *   Retry sends once later, and its Catch marks the query FAILED if the gateway never takes it.
 * - The outcome is unknown (a dropped connection, a timeout, or the process died while the claim
 *   was held, found by a later attempt as a claim never given back): nothing is sent again. The
 *   query is recorded COMPLETED with the claim time as `smsSentAt`, the number is erased, and
 *   `reply_delivery_unconfirmed` is logged as a warning for the alarm.
 *
 * At-most-once wins over at-least-once because a second result SMS cannot be recalled once SNS has
 * it (SNS does not deduplicate), while a lost one has a remedy: the citizen can query again after
 * the 24-hour cooldown, and the alarm makes the rare case visible to the operators. In practice the
 * message had usually gone out: a connection drops far more often after the gateway took the
 * message than before.
 */
export async function sendReply(
  deps: {
    queries: QueryStore;
    keyring: PhoneSealer;
    sms: SmsSender;
    clock: Clock;
    logger: Logger;
  },
  input: { queryId: string },
): Promise<{ queryId: string }> {
  const nowDate = deps.clock.now();
  const query = await deps.queries.get(input.queryId, epochSeconds(nowDate));
  if (!query || query.smsSentAt) return { queryId: input.queryId };
  if (!query.phoneEncrypted) throw new Error('reply cannot be sent: no number');
  const unconfirmed = async (claimedAt: string) => {
    deps.logger.warn('reply_delivery_unconfirmed', { queryId: query.queryId });
    await deps.queries.recordDelivery(query.queryId, claimedAt);
    return { queryId: query.queryId };
  };
  if (query.replyClaimedAt) return unconfirmed(query.replyClaimedAt);
  const to = deps.keyring.decryptPhone(query.phoneEncrypted);
  const claimedAt = nowDate.toISOString();
  const text = await deps.queries.claimReply(
    query.queryId,
    claimedAt,
    query.replyText ?? (await renderReply(deps, query)),
  );
  if (text === undefined) {
    const claimed = await deps.queries.get(query.queryId, epochSeconds(nowDate));
    return unconfirmed(claimed?.replyClaimedAt ?? claimedAt);
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.sms.send({
      to,
      text,
      idempotencyKey: `reply-${query.queryId}`,
    }));
  } catch (error) {
    if (!(error instanceof SmsNotSentError)) return unconfirmed(claimedAt);
    await deps.queries.releaseReply(query.queryId, claimedAt);
    deps.logger.warn('reply_not_sent', { queryId: query.queryId, reason: error.reason });
    throw error;
  }
  // The gateway's message id against the query: the key to the SMS delivery status log.
  deps.logger.info('reply_sent', { queryId: query.queryId, phoneMasked: query.phoneMasked, messageId });
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

/**
 * The query cannot be answered (the lookup could not be prepared, the reply not sent, or the
 * delivery not recorded): FAILED unless already final, number erased. A reply claim still held
 * means the SMS was handed to the gateway (a refused send gives its claim back), so that query is
 * recorded delivered at the claim time instead, as `sendReply` does for an unknown outcome.
 */
export async function recordFailure(
  deps: { queries: QueryStore; clock: Clock; logger: Logger },
  input: { queryId: string },
): Promise<{ queryId: string }> {
  const nowDate = deps.clock.now();
  const query = await deps.queries.get(input.queryId, epochSeconds(nowDate));
  if ((await closeWithoutReply(deps, input.queryId, query, nowDate)) === 'failed') {
    deps.logger.error('reply_failed', { queryId: input.queryId });
  }
  return { queryId: input.queryId };
}

/**
 * Closes a query that will get no further reply, through the conditional store writes (a query
 * already final keeps its status; the number is erased either way). A reply claim still held and
 * no delivery recorded: the SMS was handed to the gateway, so the query is recorded delivered at
 * the claim time (`'delivered'`); otherwise it is recorded FAILED (`'failed'`).
 */
export async function closeWithoutReply(
  deps: { queries: QueryStore; logger: Logger },
  queryId: string,
  query: QueryItem | undefined,
  at: Date,
): Promise<'delivered' | 'failed'> {
  if (query?.replyClaimedAt && !query.smsSentAt) {
    deps.logger.warn('reply_delivery_unconfirmed', { queryId });
    await deps.queries.recordDelivery(queryId, query.replyClaimedAt);
    return 'delivered';
  }
  await deps.queries.recordFailure(queryId, at.toISOString());
  return 'failed';
}
