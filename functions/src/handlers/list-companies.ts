import { type CompaniesResponse, enabledCompanies, toCompanyView } from '@occ/shared';
import { config } from '../config.ts';
import { httpHandler } from '../http/respond.ts';

/** `GET /v1/companies`: the enabled companies the partner registry can reach, in display order. */
export const handler = httpHandler('GET /v1/companies', async () => {
  const reachable = new Set(config.partners().map((partner) => partner.companyId));
  const body: CompaniesResponse = {
    companies: enabledCompanies()
      .filter((company) => reachable.has(company.id))
      .map(toCompanyView),
  };
  return { status: 200, body };
});
