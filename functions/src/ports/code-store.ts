/** The one live verification code of a number (a newer code replaces, and so voids, the older). */
export interface CodeItem {
  phoneHash: string;
  codeHash: string;
  state: 'LIVE' | 'USED' | 'VOID';
  attempts: number;
  sentAt: number;
  codeExpiresAt: number;
  /** Set once used: which submission used it, and the query it opened. */
  submissionHash?: string;
  queryId?: string;
  acceptedAt?: string;
  usedAt?: number;
  expiresAt: number;
}

export interface CodeStore {
  get(phoneHash: string, now: number): Promise<CodeItem | undefined>;
  /** Stores a new live code, replacing any older one. */
  put(item: CodeItem): Promise<void>;
  /**
   * Counts a wrong try against the live code with this hash; the try that reaches `maxAttempts`
   * voids it. Returns the attempts so far, or `undefined` if that code is no longer live.
   */
  recordWrongTry(
    phoneHash: string,
    codeHash: string,
    maxAttempts: number,
    now: number,
  ): Promise<number | undefined>;
  /** Marks the live code used by this submission; `false` if it was no longer live. */
  consume(
    phoneHash: string,
    codeHash: string,
    use: { submissionHash: string; queryId: string; acceptedAt: string; usedAt: number; expiresAt: number },
  ): Promise<boolean>;
  /**
   * Drops the submission link that `consume` set for this query (only if the code is still that
   * query's), so the same submission is no longer answered as a repeat. The code stays used.
   */
  forgetSubmission(phoneHash: string, queryId: string): Promise<void>;
}
