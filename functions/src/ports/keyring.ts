/**
 * Keyed hashing and encryption with the service's secrets. Nothing personal is stored in clear:
 * numbers as HMAC-SHA-256 with the pepper (plus a masked form), codes as keyed hashes, and the full
 * number AES-256-GCM encrypted until the reply is sent.
 */
export interface Keyring {
  hashPhone(phone: string): string;
  /** The code's keyed hash, bound to the number's hash so a code is worth nothing for another number. */
  hashCode(phoneHash: string, code: string): string;
  /** Identifies a submission (session, number, ID suffix, code) without keeping any of them. */
  hashSubmission(parts: { sessionId: string; phone: string; idSuffix: string; code: string }): string;
  /** A stable pseudonymous session subject for a platform user. */
  hashSubject(platform: string, userId: string): string;
  /** Constant-time equality of two hashes. */
  sameHash(a: string, b: string): boolean;
  encryptPhone(phone: string): string;
  decryptPhone(sealed: string): string;
}
