import { authenticate, httpHandler } from '../http/respond.ts';
import { getQuery } from '../use-cases/get-query.ts';

/** `GET /v1/queries/{queryId}` */
export const handler = httpHandler('get-query', async (request, deps) => {
  const session = await authenticate(request, deps);
  const body = await getQuery(deps, {
    sessionId: session.sessionId,
    queryId: request.pathParameter('queryId'),
  });
  return { status: 200, body };
});
