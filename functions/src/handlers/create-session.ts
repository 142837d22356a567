import { parseCreateSessionBody } from '@occ/shared';
import { wiring } from '../composition.ts';
import { bodyOrThrow, httpHandler } from '../http/respond.ts';
import { createSession } from '../use-cases/create-session.ts';

/** `POST /v1/sessions` */
export const handler = httpHandler('POST /v1/sessions', async (request) => {
  const input = bodyOrThrow(parseCreateSessionBody(request.body));
  const w = wiring();
  const session = await createSession(
    {
      login: w.login(),
      tokens: await w.tokens(),
      keyring: await w.hashingKeyring(),
      random: w.random,
      clock: w.clock,
    },
    input,
  );
  request.logger.info('session_created', { platform: input.platform });
  return { status: 201, body: session };
});
