/**
 * A sliding-window limit: at most `count` events in any `seconds`. Kept as the times of the most
 * recent events, so "5 an hour" means no more than 5 in any 60 minutes, and the wait is exact.
 */
export interface SlidingLimit {
  count: number;
  seconds: number;
}

/**
 * Seconds until every limit admits one more event, given the times (epoch seconds, oldest first) of
 * the most recent events; 0 when they admit one now.
 */
export function secondsUntilAdmitted(times: readonly number[], limits: readonly SlidingLimit[], now: number) {
  let wait = 0;
  for (const { count, seconds } of limits) {
    const oldestCounted = times[times.length - count];
    if (times.length >= count && oldestCounted !== undefined) {
      wait = Math.max(wait, oldestCounted + seconds - now);
    }
  }
  return wait;
}

/** One slot taken from a capped window; `giveBack` returns it when the request fails further on. */
export interface TakenSlot {
  giveBack(): Promise<void>;
}

/** What `record` did: recorded the event (which `undo` takes back), or how long until it would. */
export type RecordOutcome = { recorded: true; undo(): Promise<void> } | { recorded: false; wait: number };

/** Shared counters across every function instance, each updated by single conditional writes. */
export interface CounterStore {
  /**
   * Records one event under `key` if every limit admits it (one conditional write); else records
   * nothing and says how many seconds until it would be admitted. `undo` takes the event back
   * while it is still the key's newest.
   */
  record(key: string, limits: readonly SlidingLimit[], now: number): Promise<RecordOutcome>;
  /**
   * Takes one of the `limit` slots of the window named `window` (a day, a second); `undefined` when
   * every slot is taken. The window's items expire at `expiresAt` (epoch seconds).
   */
  take(window: string, limit: number, expiresAt: number): Promise<TakenSlot | undefined>;
}
