import type { CompanyLookupStatus } from '@occ/shared';
import type { PartnerEntry } from '../config.ts';
import { PartnerUnavailableError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { PhoneSealer } from '../ports/keyring.ts';
import type { Logger } from '../ports/logger.ts';
import type { LookupStore } from '../ports/lookup-store.ts';
import type { PartnerConnector } from '../ports/partners.ts';
import type { QueryItem, QueryStore } from '../ports/query-store.ts';
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
  status: CompanyLookupStatus;
  count?: number;
}

/** The companies to look up (none for a REJECTED query or one already answered), and the masked number. */
export interface PrepareResult {
  queryId: string;
  phoneMasked?: string;
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
 * First task: marks the query LOOKING_UP and stores the lookup id of each company (what its callback
 * is found by), each with its company's deadline; idempotent, so a resumed execution changes
 * nothing. A REJECTED query, one already replied to or one that is gone has no company to look up:
 * the reply task decides what is left. Two requests: one conditional update, one batch write.
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
  const query = await deps.queries.markLookingUp(input.queryId, epochSeconds(deps.clock.now()));
  if (!query) return { queryId: input.queryId, companies: [] };
  await deps.lookups.put(
    query.companies.map(({ companyId, lookupId }) => ({
      lookupId,
      queryId: query.queryId,
      companyId,
      expiresAt: query.expiresAt,
    })),
  );
  return {
    queryId: query.queryId,
    phoneMasked: query.phoneMasked,
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
 * - a count is recorded on the query and the task resumes with it at once;
 * - an asynchronous company's token is stored on the query before the call (so a callback that
 *   comes back faster than the call returns still finds it), and its 202 leaves the task waiting
 *   until the callback resumes it or the deadline passes (States.Timeout);
 * - a company that already has a result is not asked again: the task resumes with it.
 *
 * Two requests for a company that answers at once (a read, then the result's conditional write).
 * `PartnerUnavailableError` propagates: the state machine's Catch marks the company UNAVAILABLE.
 */
export async function callCompany(
  deps: {
    queries: QueryStore;
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
  const resume = async (query: QueryItem | undefined) => {
    const outcome = outcomeOf(input.companyId, query);
    if (outcome.status !== 'PENDING') await resumeTask(deps, input.taskToken, outcome);
    return outcome;
  };
  const query = await deps.queries.get(input.queryId, epochSeconds(nowDate));
  if (!query) throw new PartnerUnavailableError(input.companyId, 'query missing');
  if (query.results?.[input.companyId] || query.replyText) return resume(query);
  const partner = deps.partner(input.companyId);
  if (!partner || !query.phoneEncrypted) throw new PartnerUnavailableError(input.companyId, 'not callable');
  const waitForCallback = async () => {
    const waiting = await deps.queries.awaitCallback(input.queryId, input.companyId, input.taskToken);
    return outcomeOf(input.companyId, waiting).status === 'PENDING' ? undefined : resume(waiting);
  };
  if (partner.mode === 'async') {
    const settled = await waitForCallback();
    if (settled) return settled;
  }
  const answer = await deps.connector.requestCount(partner, {
    lookupId: input.lookupId,
    phone: deps.keyring.decryptPhone(query.phoneEncrypted),
    requestedAt: nowDate.toISOString(),
    ...(partner.mode === 'async' ? { callbackUrl: deps.callbackUrl(partner.companyId) } : {}),
  });
  if (answer.kind === 'count') {
    const after = await deps.queries.recordResult(input.queryId, input.companyId, {
      status: 'DONE',
      count: answer.count,
    });
    deps.logger.info('company_answered', {
      queryId: input.queryId,
      companyId: input.companyId,
      mode: 'sync',
    });
    return resume(after);
  }
  // A synchronous company that answered 202 anyway: its callback resumes the task as an asynchronous one's would.
  if (partner.mode !== 'async') {
    const settled = await waitForCallback();
    if (settled) return settled;
  }
  return { companyId: input.companyId, status: 'PENDING' };
}

/**
 * The Catch path (the call failed, or the deadline passed: `States.Timeout`): the company is
 * UNAVAILABLE for this query unless it has answered meanwhile, which a callback that came just as
 * the deadline passed may have done. One conditional write.
 */
export async function markUnavailable(
  deps: { queries: QueryStore; logger: Logger },
  input: CompanyTaskInput & { reason?: string },
): Promise<CompanyOutcome> {
  const after = await deps.queries.recordResult(input.queryId, input.companyId, { status: 'UNAVAILABLE' });
  const outcome = outcomeOf(input.companyId, after);
  if (outcome.status === 'UNAVAILABLE') {
    deps.logger.warn('company_unavailable', {
      queryId: input.queryId,
      companyId: input.companyId,
      reason: input.reason === 'States.Timeout' ? 'deadline' : (input.reason ?? 'failed'),
    });
  }
  return outcome;
}

/**
 * A company's outcome as the query holds it: its result, PENDING while it has none, UNAVAILABLE
 * once the reply is rendered without one or the query is gone.
 */
export function outcomeOf(companyId: string, query: QueryItem | undefined): CompanyOutcome {
  const result = query?.results?.[companyId];
  if (result?.status === 'DONE' && result.count !== undefined)
    return { companyId, status: 'DONE', count: result.count };
  if (result || !query || query.replyText) return { companyId, status: 'UNAVAILABLE' };
  return { companyId, status: 'PENDING' };
}

/**
 * Resumes the task waiting on `taskToken` with `outcome`. A token that timed out or is gone needs
 * nothing more: the Catch path or the reply reads the query itself.
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
