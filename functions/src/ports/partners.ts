import type { PartnerEntry } from '../config.ts';

export type PartnerAnswer = { kind: 'count'; count: number } | { kind: 'pending' };

export interface PartnerCountCall {
  lookupId: string;
  phone: string;
  requestedAt: string;
  callbackUrl?: string;
}

/** Signed HTTP to one company; throws `PartnerUnavailableError` once its retries are spent. */
export interface PartnerConnector {
  requestCount(partner: PartnerEntry, call: PartnerCountCall): Promise<PartnerAnswer>;
}

/** The server-side partner registry with the signing secrets. */
export interface PartnerRegistry {
  list(): PartnerEntry[];
  find(companyId: string): PartnerEntry | undefined;
  secret(companyId: string): Promise<string>;
}
