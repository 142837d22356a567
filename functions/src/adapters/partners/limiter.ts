/**
 * Per-company concurrency in one function instance: at most `maxConcurrency` calls in flight, the
 * rest wait their turn. The company's rate is counted across instances by `PartnerRateLimiter`.
 */
export class CompanyLimiter {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly maxConcurrency: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.inFlight >= this.maxConcurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }
}
