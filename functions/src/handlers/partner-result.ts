import { httpHandler } from '../http/respond.ts';
import { recordPartnerResult } from '../use-cases/record-partner-result.ts';

/** `POST /v1/partners/{companyId}/results`: a company's signed late answer. */
export const handler = httpHandler('partner-result', async (request, deps) => {
  const companyId = request.pathParameter('companyId');
  await recordPartnerResult(deps, {
    companyId,
    rawBody: request.body ?? '',
    timestamp: request.header('x-occ-timestamp'),
    signature: request.header('x-occ-signature'),
  });
  request.logger.info('company_answered', { companyId, mode: 'callback' });
  return { status: 204 };
});
