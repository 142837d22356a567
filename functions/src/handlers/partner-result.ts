import { httpHandler } from '../http/respond.ts';
import { recordPartnerResult } from '../use-cases/record-partner-result.ts';

/** `POST /v1/partners/{companyId}/results`: a company's signed late answer, which resumes its lookup. */
export const handler = httpHandler('partner-result', async (request, deps) => {
  const companyId = request.pathParameter('companyId');
  const { resumed } = await recordPartnerResult(
    { ...deps, tasks: deps.taskTokens, logger: request.logger },
    {
      companyId,
      rawBody: request.body ?? '',
      timestamp: request.header('x-occ-timestamp'),
      signature: request.header('x-occ-signature'),
    },
  );
  request.logger.info('company_answered', { companyId, mode: 'callback', resumed });
  return { status: 204 };
});
