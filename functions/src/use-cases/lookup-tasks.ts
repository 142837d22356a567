import type { PartnerEntry } from '../config.ts';
import { PartnerUnavailableError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { PhoneSealer } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { LookupItem, LookupStore } from '../ports/lookup-store.ts';
import type { PartnerConnector } from '../ports/partners.ts';
import type { QueryStore } from '../ports/query-store.ts';

/** What the workflow passes to each company iteration: identifiers only, nothing personal. */
export interface CompanyTaskInput {
  queryId: string;
  companyId: string;
  lookupId: string;
}
export type CompanyTaskResult = { status: LookupItem['status'] };
export type PrepareResult =
  | { queryId: string; next: 'DONE' | 'REPLY' }
  | { queryId: string; next: 'LOOKUP'; companies: (CompanyTaskInput & { pollSeconds: number })[] };

/**
 * First task: marks the query LOOKING_UP and opens one lookup per company (idempotent, so a resumed
 * execution changes nothing). A REJECTED query goes straight to the reply; a replied one stops.
 */
export async function prepareLookup(
  deps: { queries: QueryStore; lookups: LookupStore; clock: Clock; pollSeconds: number },
  input: { queryId: string },
): Promise<PrepareResult> {
  const query = await deps.queries.get(input.queryId, epochSeconds(deps.clock.now()));
  if (!query || query.smsSentAt || query.status === 'COMPLETED' || query.status === 'FAILED') {
    return { queryId: input.queryId, next: 'DONE' };
  }
  if (query.status === 'REJECTED') return { queryId: input.queryId, next: 'REPLY' };
  await deps.queries.markLookingUp(query.queryId);
  for (const { companyId, lookupId } of query.companies) {
    await deps.lookups.open({
      lookupId,
      queryId: query.queryId,
      companyId,
      status: 'PENDING',
      expiresAt: query.expiresAt,
    });
  }
  return {
    queryId: query.queryId,
    next: 'LOOKUP',
    companies: query.companies.map((company) => ({
      queryId: query.queryId,
      ...company,
      pollSeconds: deps.pollSeconds,
    })),
  };
}

/**
 * Asks one company for its count through the connector (which signs, times out, retries and
 * limits). A count is recorded at once (DONE); an async company's 202 sets its callback deadline
 * (PENDING). An already closed lookup is not asked again. `PartnerUnavailableError` propagates:
 * the state machine's Catch marks the company UNAVAILABLE.
 */
export async function callCompany(
  deps: {
    queries: QueryStore;
    lookups: LookupStore;
    keyring: PhoneSealer;
    connector: PartnerConnector;
    partner: (companyId: string) => PartnerEntry | undefined;
    clock: Clock;
    callbackUrl: (companyId: string) => string;
    asyncDeadlineSeconds: number;
    logger: Logger;
  },
  input: CompanyTaskInput,
): Promise<CompanyTaskResult> {
  const nowDate = deps.clock.now();
  const now = epochSeconds(nowDate);
  const lookup = await deps.lookups.get(input.lookupId, now);
  if (!lookup) throw new PartnerUnavailableError(input.companyId, 'lookup missing');
  if (lookup.status !== 'PENDING') return { status: lookup.status };
  const partner = deps.partner(input.companyId);
  const query = await deps.queries.get(input.queryId, now);
  if (!partner || !query?.phoneEncrypted) throw new PartnerUnavailableError(input.companyId, 'not callable');
  const answer = await deps.connector.requestCount(partner, {
    lookupId: input.lookupId,
    phone: deps.keyring.decryptPhone(query.phoneEncrypted),
    requestedAt: nowDate.toISOString(),
    ...(partner.mode === 'async' ? { callbackUrl: deps.callbackUrl(partner.companyId) } : {}),
  });
  if (answer.kind === 'count') {
    const after = await deps.lookups.recordCount(input.lookupId, answer.count);
    deps.logger.info('company_answered', {
      queryId: input.queryId,
      companyId: input.companyId,
      mode: 'sync',
    });
    return { status: after?.status ?? 'DONE' };
  }
  await deps.lookups.setDeadline(input.lookupId, now + deps.asyncDeadlineSeconds);
  const after = await deps.lookups.get(input.lookupId, now);
  return { status: after?.status ?? 'PENDING' };
}

/** Polls an async company's stored callback result; past the deadline the company is UNAVAILABLE. */
export async function checkCallback(
  deps: { lookups: LookupStore; clock: Clock; logger: Logger },
  input: CompanyTaskInput,
): Promise<CompanyTaskResult> {
  const now = epochSeconds(deps.clock.now());
  const lookup = await deps.lookups.get(input.lookupId, now);
  if (!lookup) return { status: 'UNAVAILABLE' };
  if (lookup.status !== 'PENDING') return { status: lookup.status };
  if (lookup.deadlineAt !== undefined && lookup.deadlineAt <= now) {
    deps.logger.warn('company_unavailable', {
      queryId: input.queryId,
      companyId: input.companyId,
      reason: 'deadline',
    });
    return { status: (await deps.lookups.markUnavailable(input.lookupId))?.status ?? 'UNAVAILABLE' };
  }
  return { status: 'PENDING' };
}

/** The Catch path: the company is UNAVAILABLE for this query unless it has answered meanwhile. */
export async function markUnavailable(
  deps: { lookups: LookupStore; logger: Logger },
  input: CompanyTaskInput & { failure?: { Error?: string } },
): Promise<CompanyTaskResult> {
  const after = await deps.lookups.markUnavailable(input.lookupId);
  if (after?.status === 'UNAVAILABLE') {
    deps.logger.warn('company_unavailable', {
      queryId: input.queryId,
      companyId: input.companyId,
      reason: input.failure?.Error ?? 'failed',
    });
  }
  return { status: after?.status ?? 'UNAVAILABLE' };
}
