/**
 * The lookup id a company was given, and whose query and company it stands for: the index a
 * callback is found by. Written once per company when the lookup starts and never changed (the
 * company's result lives on the query).
 */
export interface LookupItem {
  lookupId: string;
  queryId: string;
  companyId: string;
  expiresAt: number;
}

export interface LookupStore {
  /** Stores the lookups of one query (a repeat writes the same items again). */
  put(items: LookupItem[]): Promise<void>;
  get(lookupId: string, now: number): Promise<LookupItem | undefined>;
}
