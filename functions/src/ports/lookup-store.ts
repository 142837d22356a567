import type { CompanyLookupStatus } from '@occ/shared';

export interface LookupItem {
  lookupId: string;
  queryId: string;
  companyId: string;
  status: CompanyLookupStatus;
  count?: number;
  /** The workflow task waiting for this company's callback (Step Functions task token). */
  taskToken?: string;
  expiresAt: number;
}

export interface LookupStore {
  /** Creates the lookup if it does not exist yet (idempotent). */
  open(item: LookupItem): Promise<void>;
  get(lookupId: string, now: number): Promise<LookupItem | undefined>;
  getMany(lookupIds: string[], now: number): Promise<LookupItem[]>;
  /** PENDING → DONE with the count; returns the item as it stands afterwards. */
  recordCount(lookupId: string, count: number): Promise<LookupItem | undefined>;
  /**
   * Records the task token a callback resumes, while the lookup is PENDING (a newer token replaces an
   * older one: a retried task waits on its new token). Returns the item as it stands afterwards.
   */
  awaitCallback(lookupId: string, taskToken: string): Promise<LookupItem | undefined>;
  /** PENDING → UNAVAILABLE; returns the item as it stands afterwards. */
  markUnavailable(lookupId: string): Promise<LookupItem | undefined>;
}
