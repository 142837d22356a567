/** The carriers' subscriber directory and real-name records. */
export interface CarrierDirectory {
  isInService(phone: string): Promise<boolean>;
  /** Does the registered owner's ID number end with these six characters? The suffix is not kept. */
  ownerIdSuffixMatches(phone: string, idSuffix: string): Promise<boolean>;
}
