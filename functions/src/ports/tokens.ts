import type { Platform } from '@occ/shared';

export interface SessionClaims {
  /**
   * The user: a keyed hash of the WeChat or Alipay user, or of the h5 device secret, or random for
   * an h5 session without one. Every session of one user carries the same id; queries belong to it
   * and rate limits key on it.
   */
  userId: string;
  platform: Platform;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Signs and checks short-lived session tokens. */
export interface TokenSigner {
  /** A token for `claims`, issued at `now` (the service clock). */
  issue(claims: SessionClaims, now: Date): Promise<string>;
  /** The claims of a well-signed token that has not expired at `now`, or `undefined`. */
  verify(token: string, now: Date): Promise<SessionClaims | undefined>;
}
