import { parsePartnerResultBody } from '@occ/shared';
import { wiring } from '../composition.ts';
import { bodyOrThrow, httpHandler } from '../http/respond.ts';
import { recordPartnerResult, verifyPartnerCallback } from '../use-cases/record-partner-result.ts';

/** `POST /v1/partners/{companyId}/results`: a company's signed late answer. */
export const handler = httpHandler('POST /v1/partners/{companyId}/results', async (request) => {
  const w = wiring();
  const companyId = request.pathParameter('companyId');
  const rawBody = request.body ?? '';
  await verifyPartnerCallback(
    { registry: w.registry(), signer: w.signer, clock: w.clock },
    {
      companyId,
      rawBody,
      timestamp: request.header('x-occ-timestamp'),
      signature: request.header('x-occ-signature'),
    },
  );
  const { lookupId, count } = bodyOrThrow(parsePartnerResultBody(rawBody));
  await recordPartnerResult({ lookups: w.lookups(), clock: w.clock }, { companyId, lookupId, count });
  request.logger.info('company_answered', { companyId, mode: 'callback' });
  return { status: 204 };
});
