import { type CompaniesResponse, enabledCompanies, toCompanyView } from '@occ/shared';
import { httpHandler } from '../http/respond.ts';

/** `GET /v1/companies`: the enabled companies the partner registry can reach, in display order. */
export const handler = httpHandler('list-companies', async (_request, deps) => {
  const reachable = new Set(deps.settings.partners.map((partner) => partner.companyId));
  const body: CompaniesResponse = {
    companies: enabledCompanies()
      .filter((company) => reachable.has(company.id))
      .map(toCompanyView),
  };
  return { status: 200, body };
});
