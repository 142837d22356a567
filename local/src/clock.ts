import type { Clock } from '@occ/functions/ports/clock.ts';

/**
 * The system clock plus an offset that `POST /_local/clock` moves forward, so that expiries, limits
 * and cooldowns can be shown without waiting. The local runner hands it to the composition as the
 * service's clock; nothing on AWS has one.
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

  /** The current offset in seconds (persisted with the data so a restart keeps the same time). */
  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  set offsetSeconds(seconds: number) {
    this.offsetMs = seconds * 1000;
  }
}
