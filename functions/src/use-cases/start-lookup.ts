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
