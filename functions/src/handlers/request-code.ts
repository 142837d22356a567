import { parseRequestCodeBody } from '@occ/shared';
import { requestCodeDeps } from '../composition.ts';
import { authenticate, bodyOrThrow, httpHandler } from '../http/respond.ts';
import { requestCode } from '../use-cases/request-code.ts';

/** `POST /v1/verification-codes` */
export const handler = httpHandler('POST /v1/verification-codes', async (request) => {
  const session = await authenticate(request);
  const { phone } = bodyOrThrow(parseRequestCodeBody(request.body));
  const body = await requestCode(await requestCodeDeps(), { sessionId: session.sessionId, phone });
  request.logger.info('code_sent');
  return { status: 202, body };
});
