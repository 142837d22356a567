import type { PartnerEntry } from '../../config.ts';
import type { PartnerRegistry } from '../../ports/partners.ts';
import type { SecretSource } from '../secrets/secret-source.ts';

/** The configured partner registry; secrets are fetched on first use. */
export function configuredRegistry(entries: PartnerEntry[], secrets: SecretSource): PartnerRegistry {
  return {
    list: () => entries,
    find: (companyId) => entries.find((entry) => entry.companyId === companyId),
    secret(companyId) {
      const entry = entries.find((candidate) => candidate.companyId === companyId);
      if (!entry) throw new Error(`no partner ${companyId}`);
      return secrets.partner(entry);
    },
  };
}
