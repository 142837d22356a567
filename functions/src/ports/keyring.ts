/**
 * Keyed hashing and encryption with the service's secrets. Nothing personal is stored in clear:
 * numbers as HMAC-SHA-256 with the pepper (plus a masked form), codes as keyed hashes, and the full
 * number AES-256-GCM encrypted until the reply is sent.
 */
export interface Keyring {
  hashPhone(phone: string): string;
  /** The code's keyed hash, bound to the number's hash so a code is worth nothing for another number. */
  hashCode(phoneHash: string, code: string): string;
  /**
   * Identifies a submission by session, number and code without keeping any of them. The ID suffix
   * is left out on purpose: its space is small (about 341k values), so even a keyed hash of it could
   * be reversed by anyone holding the pepper. The code is single use, so these three already name
   * one submission. Consequence: the same session, number and code with another suffix within the
   * repeat window answers the original query's body, which tells the caller nothing new.
   */
  hashSubmission(parts: { sessionId: string; phone: string; code: string }): string;
  /** A stable pseudonymous session subject for a platform user. */
  hashSubject(platform: string, userId: string): string;
  /** Constant-time equality of two hashes. */
  sameHash(a: string, b: string): boolean;
  encryptPhone(phone: string): string;
  decryptPhone(sealed: string): string;
}
