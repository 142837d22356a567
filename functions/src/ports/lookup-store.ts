import type { CompanyLookupStatus } from '@occ/shared';

export interface LookupItem {
  lookupId: string;
  queryId: string;
  companyId: string;
  status: CompanyLookupStatus;
  count?: number;
  /** Epoch seconds after which an unanswered async lookup is UNAVAILABLE. */
  deadlineAt?: number;
  expiresAt: number;
}

export interface LookupStore {
  /** Creates the lookup if it does not exist yet (idempotent). */
  open(item: LookupItem): Promise<void>;
  get(lookupId: string, now: number): Promise<LookupItem | undefined>;
  getMany(lookupIds: string[], now: number): Promise<LookupItem[]>;
  /** PENDING → DONE with the count; returns the item as it stands afterwards. */
  recordCount(lookupId: string, count: number): Promise<LookupItem | undefined>;
  /** Sets the callback deadline once (a repeated call keeps the first). */
  setDeadline(lookupId: string, deadlineAt: number): Promise<void>;
  /** PENDING → UNAVAILABLE; returns the item as it stands afterwards. */
  markUnavailable(lookupId: string): Promise<LookupItem | undefined>;
}
