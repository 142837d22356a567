import type { PartnerEntry } from '../../config.ts';
import type { PartnerRegistry } from '../../ports/partners.ts';

/** The configured partner registry; each company's secret is fetched by `secretOf` on first use. */
export function configuredRegistry(
  entries: PartnerEntry[],
  secretOf: (entry: PartnerEntry) => Promise<string>,
): PartnerRegistry {
  return {
    list: () => entries,
    find: (companyId) => entries.find((entry) => entry.companyId === companyId),
    secret(companyId) {
      const entry = entries.find((candidate) => candidate.companyId === companyId);
      if (!entry) throw new Error(`no partner ${companyId}`);
      return secretOf(entry);
    },
  };
}
