import type { QueryListResponse } from '@occ/shared';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { QueryStore } from '../ports/query-store.ts';

/** How far back the list reaches (docs/api.md: the last 30 days). */
export const LIST_DAYS = 30;
/** The most queries the list holds. */
export const LIST_LIMIT = 20;

/**
 * The caller's own queries of the last {@link LIST_DAYS} days, newest first, at most
 * {@link LIST_LIMIT}: the same for every session of that user, so someone who comes back days later
 * finds the result instead of being asked to start again.
 */
export async function listQueries(
  deps: { queries: QueryStore; clock: Clock },
  input: { userId: string },
): Promise<QueryListResponse> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - LIST_DAYS * 86_400_000).toISOString();
  return {
    queries: await deps.queries.listByOwner(input.userId, {
      since,
      now: epochSeconds(now),
      limit: LIST_LIMIT,
    }),
  };
}
