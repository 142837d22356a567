import { authenticate, httpHandler } from '../http/respond.ts';
import { listQueries } from '../use-cases/list-queries.ts';

/** `GET /v1/queries`: the caller's queries of the last 30 days, from any of their sessions. */
export const handler = httpHandler('list-queries', async (request, deps) => {
  const session = await authenticate(request, deps);
  return { status: 200, body: await listQueries(deps, { userId: session.userId }) };
});
