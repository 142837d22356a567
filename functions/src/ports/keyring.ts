/**
 * Keyed hashing with the pepper: nothing personal is stored or compared in clear. Numbers are kept
 * as HMAC-SHA-256 under the pepper (plus a masked form), codes as keyed hashes bound to the number.
 */
export interface Hasher {
  hashPhone(phone: string): string;
  /** The code's keyed hash, bound to the number's hash so a code is worth nothing for another number. */
  hashCode(phoneHash: string, code: string): string;
  /**
   * Identifies a submission by user, number and code without keeping any of them. The ID suffix
   * is left out on purpose: its space is small (about 341k values), so even a keyed hash of it could
   * be reversed by anyone holding the pepper. The code is single use, so these three already name
   * one submission. Consequence: the same user, number and code with another suffix within the
   * repeat window answers the original query's body, which tells the caller nothing new.
   */
  hashSubmission(parts: { userId: string; phone: string; code: string }): string;
  /** A stable pseudonym (32 hex digits) for a platform user or an h5 device secret: the session's user id. */
  hashSubject(platform: string, userId: string): string;
  /** Constant-time equality of two hashes. */
  sameHash(a: string, b: string): boolean;
}

/** Seals the full number with the phone key (AES-256-GCM) until the reply is sent, and opens it to send. */
export interface PhoneSealer {
  encryptPhone(phone: string): string;
  decryptPhone(sealed: string): string;
}

/** Both halves, for the one use case that hashes and seals (accepting a query). */
export type Keyring = Hasher & PhoneSealer;
