import type { CompanyProgress, QueryView } from '@occ/shared';
import { QueryNotFoundError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { QueryStore } from '../ports/query-store.ts';

/**
 * A query's progress for the user who submitted it, from any of their sessions (anyone else: not found). Counts appear
 * only once the query is COMPLETED; a REJECTED query lists no companies.
 */
export async function getQuery(
  deps: { queries: QueryStore; clock: Clock },
  input: { userId: string; queryId: string },
): Promise<QueryView> {
  const now = epochSeconds(deps.clock.now());
  const query = await deps.queries.get(input.queryId, now);
  if (!query || query.ownerId !== input.userId) throw new QueryNotFoundError();
  const companies: CompanyProgress[] =
    query.status === 'REJECTED'
      ? []
      : query.companies.map(({ companyId }) => {
          const result = query.results?.[companyId];
          const progress: CompanyProgress = { id: companyId, status: result?.status ?? 'PENDING' };
          if (query.status === 'COMPLETED' && result?.status === 'DONE' && result.count !== undefined) {
            progress.count = result.count;
          }
          return progress;
        });
  const view: QueryView = {
    queryId: query.queryId,
    status: query.status,
    phoneMasked: query.phoneMasked,
    acceptedAt: query.acceptedAt,
    replyBy: query.replyBy,
    companies,
  };
  if (query.completedAt) view.completedAt = query.completedAt;
  if (query.smsSentAt) view.smsSentAt = query.smsSentAt;
  return view;
}
