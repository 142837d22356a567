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

/** Signs and checks partner messages (both directions). */
export interface RequestSigner {
  sign(secret: string, timestamp: string, body: string): string;
  /** Constant-time; false for a bad signature or a timestamp more than 300 s from `nowSeconds`. */
  verify(secret: string, timestamp: string, body: string, signature: string, nowSeconds: number): boolean;
}
