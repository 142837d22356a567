import { parseRequestCodeBody } from '@occ/shared';
import { authenticate, bodyOrThrow, countingRefusals, httpHandler } from '../http/respond.ts';
import { requestCode } from '../use-cases/request-code.ts';

/** `POST /v1/verification-codes` */
export const handler = httpHandler('request-code', async (request, deps) => {
  const session = await authenticate(request, deps);
  const body = await countingRefusals(request.logger, 'code_refused', () =>
    requestCode(
      {
        ...deps,
        numbers: deps.codes,
        keyring: deps.hasher,
        globalDailyCap: deps.settings.globalDailyCodeCap,
        logger: request.logger,
      },
      // The per-session limit counts every session of one user together.
      { sessionId: session.userId, phone: bodyOrThrow(parseRequestCodeBody(request.body)).phone },
    ),
  );
  request.logger.info('code_sent');
  return { status: 202, body };
});
