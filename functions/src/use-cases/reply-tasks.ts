import { renderPartialSms, renderResultSms, renderUnsuccessfulSms } from '@occ/shared';
import { SmsNotSentError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { PhoneSealer } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { SmsSender } from '../ports/messaging.ts';
import type { QueryItem, QueryStore } from '../ports/query-store.ts';

/** One company's final outcome as its workflow task ended with it. */
export interface FinalOutcome {
  companyId: string;
  status: 'DONE' | 'UNAVAILABLE';
  count?: number;
}

/** What `SendReply` receives: the workflow's state (the query id, and after the lookups their outcomes). */
export interface ReplyInput {
  queryId: string;
  /** From PrepareLookup: the masked number, the companies looked up, in order. */
  phoneMasked?: string;
  companies?: { companyId: string }[];
  /** From LookUpCompanies: each company's outcome in the same order (an error object when the Map failed). */
  outcomes?: unknown;
}

/** The text of the reply to `outcomes` (the result, or the partial result naming who could not be asked). */
function renderReplyText(
  deps: { logger: Logger },
  queryId: string,
  phoneMasked: string,
  outcomes: FinalOutcome[],
) {
  const counts = outcomes.flatMap(({ companyId, status, count }) =>
    status === 'DONE' && count !== undefined ? [{ companyId, count }] : [],
  );
  const unavailable = outcomes
    .filter((outcome) => outcome.status !== 'DONE')
    .map((outcome) => outcome.companyId);
  deps.logger.info('reply_rendered', {
    queryId,
    answered: counts.length,
    unavailable: unavailable.join(','),
  });
  return unavailable.length === 0
    ? renderResultSms({ phoneMasked, counts })
    : renderPartialSms({ phoneMasked, counts, unavailable });
}

/**
 * The outcomes the lookups ended with, when they are final for every company looked up (in order):
 * each was recorded on the query before its task ended, so the reply can be rendered from them
 * without reading the query again. `undefined` for anything else (the Map failed, a company's Catch
 * path could not record it): the reply then reads the query.
 */
function finalOutcomes(input: ReplyInput): FinalOutcome[] | undefined {
  const { companies, outcomes } = input;
  if (!input.phoneMasked || !companies?.length || !Array.isArray(outcomes)) return undefined;
  if (outcomes.length !== companies.length) return undefined;
  const final = outcomes.every((outcome: Partial<FinalOutcome> | null, i) => {
    if (outcome?.companyId !== companies[i]?.companyId) return false;
    return (
      outcome?.status === 'UNAVAILABLE' || (outcome?.status === 'DONE' && Number.isInteger(outcome.count))
    );
  });
  return final ? (outcomes as FinalOutcome[]) : undefined;
}

/**
 * The reply to a query, from the results on it: the result, the partial result (naming the
 * unavailable companies) or "unsuccessful" for a REJECTED query. A company still without a result
 * (the lookups ended without recording one) is recorded UNAVAILABLE first, so nothing recorded
 * later can contradict the text. The text holds the number's last four digits and counts only.
 */
async function renderReply(deps: { queries: QueryStore; logger: Logger }, query: QueryItem): Promise<string> {
  if (query.status === 'REJECTED') return renderUnsuccessfulSms({ phoneMasked: query.phoneMasked });
  const outcomes: FinalOutcome[] = [];
  for (const { companyId } of query.companies) {
    let result = query.results?.[companyId];
    if (!result) {
      const after = await deps.queries.recordResult(query.queryId, companyId, { status: 'UNAVAILABLE' });
      result = after?.results?.[companyId];
      if (result?.status === 'UNAVAILABLE') {
        deps.logger.warn('company_unavailable', { queryId: query.queryId, companyId, reason: 'still open' });
      }
    }
    outcomes.push(
      result?.status === 'DONE' && result.count !== undefined
        ? { companyId, status: 'DONE', count: result.count }
        : { companyId, status: 'UNAVAILABLE' },
    );
  }
  return renderReplyText(deps, query.queryId, query.phoneMasked, outcomes);
}

/**
 * Renders the reply once and sends it at most once: claim (one conditional write that also stores
 * the text, so a retry sends the same words) → send → record. When every company's lookup ended
 * with its outcome, the reply is rendered from them and the claim's answer holds the sealed number:
 * one request. Otherwise (a REJECTED query, a failed lookup, a repeat) the query is read first. A
 * query that is gone (expired) or already answered needs nothing.
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
  input: ReplyInput,
): Promise<{ queryId: string }> {
  const nowDate = deps.clock.now();
  const claimedAt = nowDate.toISOString();
  const known = finalOutcomes(input);
  const claimed =
    known && input.phoneMasked
      ? await deps.queries.claimReply(
          input.queryId,
          claimedAt,
          renderReplyText(deps, input.queryId, input.phoneMasked, known),
        )
      : undefined;
  if (claimed) return send(deps, claimed, nowDate);

  const query = await deps.queries.get(input.queryId, epochSeconds(nowDate));
  if (!query || query.smsSentAt) return { queryId: input.queryId };
  if (!query.phoneEncrypted) throw new Error('reply cannot be sent: no number');
  if (query.replyClaimedAt) return unconfirmed(deps, query.queryId, query.replyClaimedAt);
  const text = query.replyText ?? (await renderReply(deps, query));
  const claimedNow = await deps.queries.claimReply(query.queryId, claimedAt, text);
  if (claimedNow) return send(deps, claimedNow, nowDate);
  const again = await deps.queries.get(query.queryId, epochSeconds(nowDate));
  return unconfirmed(deps, query.queryId, again?.replyClaimedAt ?? claimedAt);
}

/** Sends the claimed reply once (see `sendReply`). */
async function send(
  deps: { queries: QueryStore; keyring: PhoneSealer; sms: SmsSender; logger: Logger },
  query: QueryItem,
  claimedAtDate: Date,
): Promise<{ queryId: string }> {
  const claimedAt = claimedAtDate.toISOString();
  let to: string;
  let text: string;
  try {
    if (!query.replyText || !query.phoneEncrypted)
      throw new Error('reply cannot be sent: no text or no number');
    to = deps.keyring.decryptPhone(query.phoneEncrypted);
    text = query.replyText;
  } catch (error) {
    // Nothing went out: the claim is given back, so a retry may still send.
    await deps.queries.releaseReply(query.queryId, claimedAt);
    throw error;
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.sms.send({
      to,
      text,
      idempotencyKey: `reply-${query.queryId}`,
    }));
  } catch (error) {
    if (!(error instanceof SmsNotSentError)) return unconfirmed(deps, query.queryId, claimedAt);
    await deps.queries.releaseReply(query.queryId, claimedAt);
    deps.logger.warn('sms_not_sent', { purpose: 'reply', queryId: query.queryId, reason: error.reason });
    throw error;
  }
  // The gateway's message id against the query: the key to the SMS delivery status log.
  deps.logger.info('reply_sent', {
    queryId: query.queryId,
    phoneMasked: query.phoneMasked,
    messageId,
    // 202 → SMS, for the ReplyLatency metric.
    secondsSinceAccepted: Math.round((claimedAtDate.getTime() - Date.parse(query.acceptedAt)) / 1000),
  });
  return { queryId: query.queryId };
}

/** A reply whose sending may or may not have gone out: recorded delivered at the claim time, never sent again. */
async function unconfirmed(
  deps: { queries: QueryStore; logger: Logger },
  queryId: string,
  claimedAt: string,
): Promise<{ queryId: string }> {
  deps.logger.warn('reply_delivery_unconfirmed', { queryId });
  await deps.queries.recordDelivery(queryId, claimedAt);
  return { queryId };
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
