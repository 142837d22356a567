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
  /** Gives the cooldown back when its query could not be handed on (only if it is still that query's). */
  release(phoneHash: string, queryId: string): Promise<void>;
}
