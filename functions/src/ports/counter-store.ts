/** A limit: at most `limit` hits in a window of `windowSeconds` that starts at the first hit. */
export interface LimitRule {
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface CounterStore {
  /** Seconds until the rule admits another hit (0 when it admits one now). */
  wait(rule: LimitRule, now: number): Promise<number>;
  /** Counts one hit; the seconds to wait when the rule is already full (0 when counted). */
  hit(rule: LimitRule, now: number): Promise<number>;
}
