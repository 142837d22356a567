import { CODE_RESEND_SECONDS } from '@occ/shared';
import type { SlidingLimit } from '../ports/counter-store.ts';

const HOUR = 3_600;
const DAY = 86_400;

/**
 * The per-number limits on verification codes (docs/api.md): 1 a minute, 5 an hour, 10 a day, each
 * over any such span of time, so the Retry-After is exactly when the next code may go.
 */
export const NUMBER_CODE_LIMITS: readonly SlidingLimit[] = [
  { count: 1, seconds: CODE_RESEND_SECONDS },
  { count: 5, seconds: HOUR },
  { count: 10, seconds: DAY },
];

/** The per-session limit on verification codes (docs/api.md): 10 over any 24 hours. */
export const SESSION_CODE_LIMITS: readonly SlidingLimit[] = [{ count: 10, seconds: DAY }];

/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_OFFSET_SECONDS = 8 * HOUR;

/**
 * The calendar day in China Standard Time that `now` (epoch seconds) falls in, as `YYYY-MM-DD`, and
 * when it ends: the global daily cap on codes counts per such day, so it resets at midnight in
 * Beijing, when the traffic of a national service is lowest.
 */
export function chinaDay(now: number): { day: string; endsAt: number } {
  const index = Math.floor((now + CHINA_OFFSET_SECONDS) / DAY);
  return {
    day: new Date(index * DAY * 1000).toISOString().slice(0, 10),
    endsAt: (index + 1) * DAY - CHINA_OFFSET_SECONDS,
  };
}
