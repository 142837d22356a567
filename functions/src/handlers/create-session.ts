import { parseCreateSessionBody } from '@occ/shared';
import { bodyOrThrow, httpHandler } from '../http/respond.ts';
import { createSession } from '../use-cases/create-session.ts';

/** `POST /v1/sessions` */
export const handler = httpHandler('create-session', async (request, deps) => {
  const input = bodyOrThrow(parseCreateSessionBody(request.body));
  const session = await createSession(deps, input);
  request.logger.info('session_created', { platform: input.platform });
  return { status: 201, body: session };
});
