import type { QueryStatus, QuerySummary } from '@occ/shared';

export interface QueryCompany {
  companyId: string;
  lookupId: string;
}

export interface QueryItem {
  queryId: string;
  /** The user who submitted it (`SessionClaims.userId`); the only one who may see it. */
  ownerId: string;
  phoneHash: string;
  phoneMasked: string;
  /** AES-256-GCM sealed number; removed once the reply is sent (or cannot be). */
  phoneEncrypted?: string;
  status: QueryStatus;
  acceptedAt: string;
  replyBy: string;
  companies: QueryCompany[];
  /** The rendered reply (masked number and counts only). */
  replyText?: string;
  replyClaimedAt?: string;
  smsSentAt?: string;
  completedAt?: string;
  expiresAt: number;
}

/** What a list shows of a query (never the sealed number). */
export function summaryOf(item: QueryItem): QuerySummary {
  const { queryId, status, phoneMasked, acceptedAt, replyBy, completedAt, smsSentAt } = item;
  return {
    queryId,
    status,
    phoneMasked,
    acceptedAt,
    replyBy,
    ...(completedAt ? { completedAt } : {}),
    ...(smsSentAt ? { smsSentAt } : {}),
  };
}

export interface QueryStore {
  create(item: QueryItem): Promise<void>;
  get(queryId: string, now: number): Promise<QueryItem | undefined>;
  /** ACCEPTED → LOOKING_UP; no change otherwise. */
  markLookingUp(queryId: string): Promise<void>;
  /** Stores the reply text unless one is stored already; returns the text as stored. */
  saveReply(queryId: string, replyText: string): Promise<string>;
  /** Claims the right to send the reply; `false` if it was claimed before. */
  claimReply(queryId: string, at: string): Promise<boolean>;
  /** Gives the claim made at `at` back (only if it is still that claim), after a send that did not go out. */
  releaseReply(queryId: string, at: string): Promise<void>;
  /** Records the reply as sent, completes the query (REJECTED stays REJECTED) and erases the number. */
  recordDelivery(queryId: string, at: string): Promise<void>;
  /** The reply could not be sent: FAILED (REJECTED stays REJECTED), number erased. */
  recordFailure(queryId: string, at: string): Promise<void>;
  /**
   * The owner's queries accepted at or after `since` (ISO time) and not expired at `now`, newest
   * first, at most `limit`: summaries only (the list never carries the sealed number).
   */
  listByOwner(
    ownerId: string,
    options: { since: string; now: number; limit: number },
  ): Promise<QuerySummary[]>;
}
