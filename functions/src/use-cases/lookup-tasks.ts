import type { PartnerEntry } from '../config.ts';
import { PartnerUnavailableError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { PhoneSealer } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { LookupItem, LookupStore } from '../ports/lookup-store.ts';
import type { PartnerConnector } from '../ports/partners.ts';
import type { QueryStore } from '../ports/query-store.ts';
import type { TaskTokenOutcome, TaskTokens } from '../ports/task-tokens.ts';

/** What identifies one company's lookup in the workflow: identifiers only, nothing personal. */
export interface CompanyTaskInput {
  queryId: string;
  companyId: string;
  lookupId: string;
}

/** One Map iteration of the workflow: the lookup and the company's deadline in seconds. */
export interface CompanyLookup extends CompanyTaskInput {
  deadlineSeconds: number;
}

/** `CallCompany`'s payload: the iteration plus the task token its task waits on. */
export interface CallCompanyInput extends CompanyLookup {
  taskToken: string;
}

/** How one company's lookup ended (the output its task resumes with), or PENDING while it waits. */
export interface CompanyOutcome {
  companyId: string;
  status: LookupItem['status'];
  count?: number;
}

/** The companies to look up: none for a REJECTED query or one already answered. */
export interface PrepareResult {
  queryId: string;
  companies: CompanyLookup[];
}

/** The shortest deadline a synchronous company's task gets, in seconds (cold start and rate waits included). */
export const SYNC_DEADLINE_FLOOR_SECONDS = 60;

/**
 * A company's deadline in seconds, the `TimeoutSeconds` of its workflow task: an asynchronous
 * company has `asyncDeadlineSeconds` to call back (docs/api.md, default 10 minutes locally); a
 * synchronous one has its calls' whole budget (every attempt timing out, 2 s backoff between
 * them) plus 30 s, never less than {@link SYNC_DEADLINE_FLOOR_SECONDS}.
 */
export function companyDeadlineSeconds(
  partner: Pick<PartnerEntry, 'mode' | 'timeoutMs' | 'maxAttempts'> | undefined,
  asyncDeadlineSeconds: number,
): number {
  if (partner?.mode === 'async') return asyncDeadlineSeconds;
  if (!partner) return SYNC_DEADLINE_FLOOR_SECONDS;
  const budget = Math.ceil((partner.maxAttempts * partner.timeoutMs) / 1000) + 2 * (partner.maxAttempts - 1);
  return Math.max(SYNC_DEADLINE_FLOOR_SECONDS, budget + 30);
}

/**
 * First task: marks the query LOOKING_UP and opens one lookup per company (idempotent, so a resumed
 * execution changes nothing), each with its company's deadline. A REJECTED query, one already
 * replied to or one that is gone has no company to look up: the reply task decides what is left.
 */
export async function prepareLookup(
  deps: {
    queries: QueryStore;
    lookups: LookupStore;
    clock: Clock;
    partner: (companyId: string) => PartnerEntry | undefined;
    asyncDeadlineSeconds: number;
  },
  input: { queryId: string },
): Promise<PrepareResult> {
  const query = await deps.queries.get(input.queryId, epochSeconds(deps.clock.now()));
  if (!query || query.smsSentAt || (query.status !== 'ACCEPTED' && query.status !== 'LOOKING_UP')) {
    return { queryId: input.queryId, companies: [] };
  }
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
    companies: query.companies.map((company) => ({
      queryId: query.queryId,
      ...company,
      deadlineSeconds: companyDeadlineSeconds(deps.partner(company.companyId), deps.asyncDeadlineSeconds),
    })),
  };
}

/**
 * Asks one company for its count through the connector (which signs, times out, retries and
 * limits) and completes the task that waits on `taskToken`:
 *
 * - a count is recorded and the task resumes with it at once;
 * - an asynchronous company's token is stored on its lookup before the call (so a callback that
 *   comes back faster than the call returns still finds it), and its 202 leaves the task waiting
 *   until the callback resumes it or the deadline passes (States.Timeout);
 * - a lookup that is already closed is not asked again: the task resumes with what it holds.
 *
 * `PartnerUnavailableError` propagates: the state machine's Catch marks the company UNAVAILABLE.
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
    tasks: TaskTokens;
    logger: Logger;
  },
  input: CallCompanyInput,
): Promise<CompanyOutcome> {
  const nowDate = deps.clock.now();
  const now = epochSeconds(nowDate);
  const resume = async (lookup: LookupItem | undefined) => {
    const outcome = outcomeOf(input.companyId, lookup);
    if (outcome.status !== 'PENDING') await resumeTask(deps, input.taskToken, outcome);
    return outcome;
  };
  const lookup = await deps.lookups.get(input.lookupId, now);
  if (!lookup) throw new PartnerUnavailableError(input.companyId, 'lookup missing');
  if (lookup.status !== 'PENDING') return resume(lookup);
  const partner = deps.partner(input.companyId);
  const query = await deps.queries.get(input.queryId, now);
  if (!partner || !query?.phoneEncrypted) throw new PartnerUnavailableError(input.companyId, 'not callable');
  if (partner.mode === 'async') {
    const waiting = await deps.lookups.awaitCallback(input.lookupId, input.taskToken);
    if (waiting?.status !== 'PENDING') return resume(waiting);
  }
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
    return resume(after);
  }
  // A synchronous company that answered 202 anyway: its callback resumes the task as an asynchronous one's would.
  if (partner.mode !== 'async') {
    const waiting = await deps.lookups.awaitCallback(input.lookupId, input.taskToken);
    if (waiting?.status !== 'PENDING') return resume(waiting);
  }
  return { companyId: input.companyId, status: 'PENDING' };
}

/**
 * The Catch path (the call failed, or the deadline passed: `States.Timeout`): the company is
 * UNAVAILABLE for this query unless it has answered meanwhile, which a callback that came just as
 * the deadline passed may have done.
 */
export async function markUnavailable(
  deps: { lookups: LookupStore; logger: Logger },
  input: CompanyTaskInput & { reason?: string },
): Promise<CompanyOutcome> {
  const after = await deps.lookups.markUnavailable(input.lookupId);
  if (after?.status === 'UNAVAILABLE') {
    deps.logger.warn('company_unavailable', {
      queryId: input.queryId,
      companyId: input.companyId,
      reason: input.reason === 'States.Timeout' ? 'deadline' : (input.reason ?? 'failed'),
    });
  }
  return outcomeOf(input.companyId, after ?? { status: 'UNAVAILABLE' });
}

/** The task output for a lookup as it stands (a lookup that vanished counts as UNAVAILABLE). */
export function outcomeOf(
  companyId: string,
  lookup: Pick<LookupItem, 'status' | 'count'> | undefined,
): CompanyOutcome {
  if (!lookup) return { companyId, status: 'UNAVAILABLE' };
  return lookup.status === 'DONE' && lookup.count !== undefined
    ? { companyId, status: 'DONE', count: lookup.count }
    : { companyId, status: lookup.status };
}

/**
 * Resumes the task waiting on `taskToken` with `outcome`. A token that timed out or is gone needs
 * nothing more: the Catch path or the reply reads the lookup itself.
 */
export async function resumeTask(
  deps: { tasks: TaskTokens; logger: Logger },
  taskToken: string,
  outcome: CompanyOutcome,
): Promise<TaskTokenOutcome> {
  const sent = await deps.tasks.sendSuccess(taskToken, outcome);
  if (sent !== 'sent') deps.logger.info('task_not_resumed', { companyId: outcome.companyId, token: sent });
  return sent;
}
