import { MethodNotAllowedError, NotFoundError } from '../errors.ts';
import { httpHandler } from '../http/respond.ts';
import { findRoute } from '../routes.ts';

/** `$default`: `404 NOT_FOUND` for an unknown route, `405 METHOD_NOT_ALLOWED` for a known path under another method. */
export const handler = httpHandler('fallback', async (request) => {
  const found = findRoute(request.method, request.path);
  if (found.route === undefined && found.pathKnown) throw new MethodNotAllowedError();
  throw new NotFoundError();
});
