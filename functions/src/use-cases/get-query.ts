import type { CompanyProgress, QueryView } from '@occ/shared';
import { QueryNotFoundError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { LookupStore } from '../ports/lookup-store.ts';
import type { QueryStore } from '../ports/query-store.ts';

/**
 * A query's progress for the user who submitted it, from any of their sessions (anyone else: not found). Counts appear
 * only once the query is COMPLETED; a REJECTED query lists no companies.
 */
export async function getQuery(
  deps: { queries: QueryStore; lookups: LookupStore; clock: Clock },
  input: { userId: string; queryId: string },
): Promise<QueryView> {
  const now = epochSeconds(deps.clock.now());
  const query = await deps.queries.get(input.queryId, now);
  if (!query || query.ownerId !== input.userId) throw new QueryNotFoundError();
  const lookups =
    query.status === 'REJECTED'
      ? []
      : await deps.lookups.getMany(
          query.companies.map((company) => company.lookupId),
          now,
        );
  const companies: CompanyProgress[] =
    query.status === 'REJECTED'
      ? []
      : query.companies.map(({ companyId, lookupId }) => {
          const lookup = lookups.find((item) => item.lookupId === lookupId);
          const progress: CompanyProgress = { id: companyId, status: lookup?.status ?? 'PENDING' };
          if (query.status === 'COMPLETED' && lookup?.status === 'DONE' && lookup.count !== undefined) {
            progress.count = lookup.count;
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
