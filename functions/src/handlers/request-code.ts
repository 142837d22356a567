import { parseRequestCodeBody } from '@occ/shared';
import { authenticate, bodyOrThrow, httpHandler } from '../http/respond.ts';
import { requestCode } from '../use-cases/request-code.ts';

/** `POST /v1/verification-codes` */
export const handler = httpHandler('request-code', async (request, deps) => {
  const session = await authenticate(request, deps);
  const { phone } = bodyOrThrow(parseRequestCodeBody(request.body));
  const body = await requestCode(
    { ...deps, numbers: deps.codes, keyring: deps.hasher, globalDailyCap: deps.settings.globalDailyCodeCap },
    // The per-session limit counts every session of one user together.
    { sessionId: session.userId, phone },
  );
  request.logger.info('code_sent');
  return { status: 202, body };
});
