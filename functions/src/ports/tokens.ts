import type { Platform } from '@occ/shared';

export interface SessionClaims {
  /** Pseudonymous session subject: rate limits and query ownership key on it. */
  sessionId: string;
  platform: Platform;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Signs and checks short-lived session tokens. */
export interface TokenSigner {
  issue(claims: SessionClaims): string;
  /** The claims of a well-signed token, or `undefined`; expiry is the caller's check. */
  verify(token: string): SessionClaims | undefined;
}
