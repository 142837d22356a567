import { isIssuedId } from '@occ/shared';
import { QueryNotFoundError } from '../errors.ts';
import { authenticate, httpHandler } from '../http/respond.ts';
import { getQuery } from '../use-cases/get-query.ts';

/** `GET /v1/queries/{queryId}`; an id the service cannot have issued is not looked up (404). */
export const handler = httpHandler('get-query', async (request, deps) => {
  const session = await authenticate(request, deps);
  const queryId = request.pathParameter('queryId');
  if (!isIssuedId(queryId)) throw new QueryNotFoundError();
  const body = await getQuery(deps, { userId: session.userId, queryId });
  return { status: 200, body };
});
