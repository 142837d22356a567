import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import type { QueryItem, QueryStore } from '../ports/query-store.ts';
import { closeWithoutReply } from './reply-tasks.ts';
import { queryIdOf } from './start-lookup.ts';

/**
 * Why a query can no longer be closed by its workflow: the execution ended without closing it
 * (failed past every Catch, ran out of time, or was stopped by an operator), or it never started
 * (the queued message went to the dead-letter queue).
 */
export type StrandedReason =
  | 'execution_failed'
  | 'execution_timed_out'
  | 'execution_aborted'
  | 'lookup_not_started';

export type CloseOutcome = 'closed' | 'already_closed' | 'missing';

const EXECUTION_REASONS: Record<string, StrandedReason> = {
  FAILED: 'execution_failed',
  TIMED_OUT: 'execution_timed_out',
  ABORTED: 'execution_aborted',
};

/** An open query still waits for its reply or still holds the sealed number. */
function isOpen(query: QueryItem): boolean {
  return query.status === 'ACCEPTED' || query.status === 'LOOKING_UP' || query.phoneEncrypted !== undefined;
}

/**
 * Closes a query that no workflow will close any more, exactly as the workflow's RecordFailure
 * would: FAILED with the number erased, or delivered at the claim time when the reply had been
 * handed to the gateway. A query already closed (COMPLETED, FAILED, REJECTED with its reply) is
 * left alone, and a repeat changes nothing, so a redelivered event is harmless.
 */
export async function closeStranded(
  deps: { queries: QueryStore; clock: Clock; logger: Logger },
  input: { queryId: string; reason: StrandedReason },
): Promise<CloseOutcome> {
  const nowDate = deps.clock.now();
  const query = await deps.queries.get(input.queryId, epochSeconds(nowDate));
  if (!query) {
    deps.logger.info('stranded_query_missing', { queryId: input.queryId, reason: input.reason });
    return 'missing';
  }
  if (!isOpen(query)) return 'already_closed';
  await closeWithoutReply(deps, input.queryId, query, nowDate);
  deps.logger.warn('query_stranded_closed', { queryId: input.queryId, reason: input.reason });
  return 'closed';
}

/**
 * The execution of the lookup workflow ended FAILED, TIMED_OUT or ABORTED (an EventBridge "Step
 * Functions Execution Status Change" event); executions are named by the query id. Any other
 * status is ignored. A failed close rejects, so the invocation is retried.
 */
export async function closeAfterExecution(
  deps: { queries: QueryStore; clock: Clock; logger: Logger },
  detail: { name?: unknown; status?: unknown },
): Promise<CloseOutcome | 'ignored'> {
  const reason = typeof detail.status === 'string' ? EXECUTION_REASONS[detail.status] : undefined;
  if (!reason || typeof detail.name !== 'string' || detail.name === '') {
    deps.logger.warn('execution_event_ignored', {
      status: typeof detail.status === 'string' ? detail.status : undefined,
    });
    return 'ignored';
  }
  return closeStranded(deps, { queryId: detail.name, reason });
}

/**
 * Messages of the lookup dead-letter queue: each names a query whose lookup never started. Each is
 * logged as an error (`lookup_dead_lettered`: the alarm that replaces the queue-depth alarm, since
 * this consumer drains the queue) and its query closed. Returns the message ids whose close failed,
 * to be handed back to the queue. A message without a query id has nothing to close: it is logged
 * by message id and dropped.
 */
export async function closeDeadLetters(
  deps: { queries: QueryStore; clock: Clock; logger: Logger },
  messages: { messageId: string; body: string }[],
): Promise<string[]> {
  const failed: string[] = [];
  await Promise.all(
    messages.map(async ({ messageId, body }) => {
      const queryId = queryIdOf(body);
      deps.logger.error('lookup_dead_lettered', queryId ? { queryId } : { messageId });
      if (!queryId) return;
      try {
        await closeStranded(deps, { queryId, reason: 'lookup_not_started' });
      } catch (error) {
        deps.logger.warn('stranded_close_failed', {
          queryId,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        failed.push(messageId);
      }
    }),
  );
  return failed;
}
