import { wiring } from '../composition.ts';
import { httpHandler } from '../http/respond.ts';
import { recordPartnerResult } from '../use-cases/record-partner-result.ts';

/** `POST /v1/partners/{companyId}/results`: a company's signed late answer. */
export const handler = httpHandler('POST /v1/partners/{companyId}/results', async (request) => {
  const w = wiring();
  const companyId = request.pathParameter('companyId');
  const { resumed } = await recordPartnerResult(
    {
      registry: w.registry(),
      signer: w.signer,
      lookups: w.lookups(),
      tasks: w.taskTokens(),
      clock: w.clock,
      logger: request.logger,
    },
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
