/** The service clock. Locally it can be moved forward; on AWS it is the system clock. */
export interface Clock {
  now(): Date;
}

/** Whole seconds since the epoch, as TTL attributes store them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
