import type { Clock } from '../../ports/clock.ts';

/** The system clock: the service's time on AWS. */
export const systemClock: Clock = { now: () => new Date() };
