import type { QueryStatus, QuerySummary } from '@occ/shared';

export interface QueryCompany {
  companyId: string;
  lookupId: string;
}

/** How one company's lookup ended; a company without one is still PENDING. */
export interface CompanyResult {
  status: 'DONE' | 'UNAVAILABLE';
  /** The number of accounts (DONE only). */
  count?: number;
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
  /** Each company's result once known, by company id. */
  results?: Record<string, CompanyResult>;
  /** The workflow task token that a company's callback resumes, by company id (asynchronous companies). */
  waiting?: Record<string, string>;
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
  /**
   * ACCEPTED → LOOKING_UP (a repeat changes nothing); returns the query as it stands afterwards, or
   * `undefined` when there is nothing to look up: the query is gone, REJECTED, final or answered.
   */
  markLookingUp(queryId: string, now: number): Promise<QueryItem | undefined>;
  /**
   * Records a company's result unless it has one already or the reply is rendered. Returns the
   * query as it stands afterwards (the result that stands may be an earlier one), or `undefined`.
   */
  recordResult(queryId: string, companyId: string, result: CompanyResult): Promise<QueryItem | undefined>;
  /**
   * Records the task token that a company's callback resumes, while the company has no result (a
   * newer token replaces an older one: a retried task waits on its new token). Returns the query as
   * it stands afterwards, or `undefined`.
   */
  awaitCallback(queryId: string, companyId: string, taskToken: string): Promise<QueryItem | undefined>;
  /**
   * Claims the right to send the reply and stores its text unless one is stored already, in one
   * write, while the sealed number is there; returns the query as it stands afterwards (its
   * `replyText` is the text to send), or `undefined` if the reply was claimed before or cannot be
   * sent.
   */
  claimReply(queryId: string, at: string, replyText: string): Promise<QueryItem | undefined>;
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
