import type { SlidingLimit } from './counter-store.ts';

/**
 * Everything the service keeps about one number, in one item keyed by its keyed hash: the times of
 * its recent verification codes (for the per-number limits), its one live code (a newer code
 * replaces, and so voids, the older), and its query cooldown. One conditional write changes it.
 */
export interface NumberItem {
  phoneHash: string;
  /** When the number's most recent codes were sent, epoch seconds, oldest first (at most 10). */
  codesSentAt: number[];
  codeHash: string;
  state: 'LIVE' | 'USED';
  /** Wrong tries so far; the code is void once they reach MAX_CODE_ATTEMPTS. */
  attempts: number;
  codeExpiresAt: number;
  /** Set once the code is used: which submission used it, and the query it opened. */
  submissionHash?: string;
  queryId?: string;
  acceptedAt?: string;
  usedAt?: number;
  /** Epoch seconds until which no other query for the number is accepted, and no code is sent. */
  cooldownUntil?: number;
  expiresAt: number;
}

/** A new code, as `sendCode` stores it. */
export interface NewCode {
  phoneHash: string;
  codeHash: string;
  sentAt: number;
  codeExpiresAt: number;
  /** When the whole item may expire: after the longest limit window has passed. */
  expiresAt: number;
}

export type SendOutcome =
  | {
      sent: true /** Puts the number back as it was, if the new code is still the live one. */;
      undo(): Promise<void>;
    }
  | {
      sent: false /** The number as it is now, to say why and for how long. */;
      current: NumberItem | undefined;
    };

export interface NumberStore {
  get(phoneHash: string, now: number): Promise<NumberItem | undefined>;
  /**
   * Stores a new live code in one conditional write, only if the number is out of cooldown and
   * every limit admits another code; otherwise changes nothing.
   */
  sendCode(code: NewCode, limits: readonly SlidingLimit[]): Promise<SendOutcome>;
  /**
   * Counts a wrong try against the live code with this hash (the code is void from the try that
   * reaches `maxAttempts`). Returns the attempts so far, or `undefined` if that code is no longer live.
   */
  recordWrongTry(
    phoneHash: string,
    codeHash: string,
    maxAttempts: number,
    now: number,
  ): Promise<number | undefined>;
  /**
   * Accepts a query in one conditional write: the live code with this hash becomes used by this
   * submission and the cooldown starts. `false` (and nothing changed) if the code is no longer live
   * or the number is in cooldown.
   */
  accept(
    phoneHash: string,
    codeHash: string,
    use: {
      submissionHash: string;
      queryId: string;
      acceptedAt: string;
      usedAt: number;
      cooldownUntil: number;
    },
  ): Promise<boolean>;
  /**
   * Undoes `accept` for a query that could not be stored or handed on: ends its cooldown and drops
   * the submission link, so a retry is neither held 24 hours nor answered as a repeat. The code
   * stays used. Only if the number is still that query's.
   */
  undoAcceptance(phoneHash: string, queryId: string): Promise<void>;
}
