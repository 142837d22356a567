export interface Cooldown {
  phoneHash: string;
  queryId: string;
  /** Epoch seconds until which no other query for the number is accepted. */
  expiresAt: number;
}

export interface CooldownStore {
  get(phoneHash: string, now: number): Promise<Cooldown | undefined>;
  /** The one conditional write that accepts a query: `false` if a live cooldown exists. */
  claim(cooldown: Cooldown, now: number): Promise<boolean>;
}
