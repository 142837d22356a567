import type { Logger } from '../ports/logger.ts';
import type { WorkflowStarter } from '../ports/messaging.ts';

/** Starts the workflow for each queued query; returns the ids that could not be started (to be retried). */
export async function startLookups(
  deps: { starter: WorkflowStarter },
  queryIds: string[],
): Promise<string[]> {
  const failed: string[] = [];
  await Promise.all(
    queryIds.map(async (queryId) => {
      try {
        await deps.starter.start(queryId);
      } catch {
        failed.push(queryId);
      }
    }),
  );
  return failed;
}

/** One queue message: its id (to report it failed) and its raw body `{"queryId": "..."}`. */
export interface QueuedLookup {
  messageId: string;
  body: string;
}

/**
 * Starts the lookups of one queue batch; returns the message ids to hand back to the queue. Each
 * message is read on its own, so a body that is not JSON or holds no query id fails only itself
 * (it returns to the queue and, after its receives, lands in the dead-letter queue), and a start
 * that fails returns only its own message.
 */
export async function startLookupBatch(
  deps: { starter: WorkflowStarter; logger: Logger },
  messages: QueuedLookup[],
): Promise<string[]> {
  const byQuery = new Map<string, string[]>();
  const failed: string[] = [];
  for (const { messageId, body } of messages) {
    const queryId = queryIdOf(body);
    if (queryId === undefined) {
      deps.logger.error('queue_message_malformed', { messageId });
      failed.push(messageId);
      continue;
    }
    byQuery.set(queryId, [...(byQuery.get(queryId) ?? []), messageId]);
  }
  for (const queryId of await startLookups(deps, [...byQuery.keys()])) {
    deps.logger.warn('lookup_start_failed', { queryId });
    failed.push(...(byQuery.get(queryId) ?? []));
  }
  return failed;
}

/** The query id of a queued lookup message body (`{"queryId": "..."}`), or undefined if it holds none. */
export function queryIdOf(body: string): string | undefined {
  try {
    const queryId = (JSON.parse(body) as { queryId?: unknown } | null)?.queryId;
    return typeof queryId === 'string' && queryId !== '' ? queryId : undefined;
  } catch {
    return undefined;
  }
}
