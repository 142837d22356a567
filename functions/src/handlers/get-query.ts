import { wiring } from '../composition.ts';
import { authenticate, httpHandler } from '../http/respond.ts';
import { getQuery } from '../use-cases/get-query.ts';

/** `GET /v1/queries/{queryId}` */
export const handler = httpHandler('GET /v1/queries/{queryId}', async (request) => {
  const session = await authenticate(request);
  const w = wiring();
  const body = await getQuery(
    { queries: w.queries(), lookups: w.lookups(), clock: w.clock },
    { sessionId: session.sessionId, queryId: request.pathParameter('queryId') },
  );
  return { status: 200, body };
});
