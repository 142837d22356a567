import { isIssuedId, parsePartnerResultBody } from '@occ/shared';
import {
  BadSignatureError,
  InvalidRequestError,
  LookupClosedError,
  LookupNotFoundError,
  NotFoundError,
  ServiceUnavailableError,
  TransientError,
} from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import type { LookupStore } from '../ports/lookup-store.ts';
import type { PartnerRegistry, RequestSigner } from '../ports/partners.ts';
import type { QueryStore } from '../ports/query-store.ts';
import type { TaskTokenOutcome, TaskTokens } from '../ports/task-tokens.ts';
import { outcomeOf, resumeTask } from './lookup-tasks.ts';

export interface PartnerResultInput {
  companyId: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

/**
 * A company's signed late answer. In docs/api.md order: unknown company (404 NOT_FOUND), bad signature
 * or stale timestamp (401 BAD_SIGNATURE), the body (400), then a malformed or unknown lookup id or
 * one of another company (404 LOOKUP_NOT_FOUND, the format checked before any look-up) and a lookup already closed without this answer (409
 * LOOKUP_CLOSED). A repeat of the recorded answer is accepted again.
 *
 * The lookup names the query; the count is recorded there with one conditional write (a read more
 * only when it is refused: a repeat, or a lookup already closed). Once the count is recorded,
 * the workflow task waiting on the company's task token resumes with
 * it (a repeat sends it again, in case the first callback stopped between the two). The outcome
 * says what became of that: `timed-out` when the deadline passed just before (the count is
 * recorded all the same, and the Catch path finds it). A token that could not be sent at all is
 * `ServiceUnavailableError`: the company should call back again.
 */
export async function recordPartnerResult(
  deps: {
    registry: PartnerRegistry;
    signer: RequestSigner;
    lookups: LookupStore;
    queries: QueryStore;
    tasks: TaskTokens;
    clock: Clock;
    logger: Logger;
  },
  input: PartnerResultInput,
): Promise<{ resumed: TaskTokenOutcome | 'no task' }> {
  const now = epochSeconds(deps.clock.now());
  if (!deps.registry.find(input.companyId)) throw new NotFoundError();
  const secret = await deps.registry.secret(input.companyId);
  const signed =
    input.timestamp !== undefined &&
    input.signature !== undefined &&
    deps.signer.verify(secret, input.timestamp, input.rawBody, input.signature, now);
  if (!signed) throw new BadSignatureError();
  const body = parsePartnerResultBody(input.rawBody);
  if (!body.ok) throw new InvalidRequestError(body.error.code, body.error.field);
  const { lookupId, count } = body.value;
  // Only an id the service issued is looked up: anything else cannot be a lookup of ours.
  if (!isIssuedId(lookupId)) throw new LookupNotFoundError();

  const lookup = await deps.lookups.get(lookupId, now);
  if (!lookup || lookup.companyId !== input.companyId) throw new LookupNotFoundError();
  const after = await deps.queries.recordResult(lookup.queryId, input.companyId, { status: 'DONE', count });
  const outcome = outcomeOf(input.companyId, after);
  if (outcome.status !== 'DONE' || outcome.count !== count) throw new LookupClosedError();
  const taskToken = after?.waiting?.[input.companyId];
  if (!taskToken) return { resumed: 'no task' };
  try {
    return { resumed: await resumeTask(deps, taskToken, outcome) };
  } catch (error) {
    if (error instanceof TransientError) throw new ServiceUnavailableError();
    throw error;
  }
}
