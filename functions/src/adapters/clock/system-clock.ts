import type { Clock } from '../../ports/clock.ts';

/**
 * The system clock plus an offset. Nothing moves the offset on AWS; the local embedded default
 * moves it (`POST /_local/clock`) so that expiries, limits and cooldowns can be shown without waiting.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): Date {
    this.offsetMs += seconds * 1000;
    return this.now();
  }

  /** The current offset in seconds (persisted locally so a restart keeps the same time). */
  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  set offsetSeconds(seconds: number) {
    this.offsetMs = seconds * 1000;
  }
}

/** The one clock every handler in this process reads. */
export const serviceClock = new OffsetClock();
