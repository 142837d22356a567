/**
 * Per-company admission in one function instance: at most `maxConcurrency` calls in flight and a
 * token bucket of `ratePerSecond`. Across instances the bound is the Map's MaxConcurrency times the
 * starter's concurrency; a company needing a global ceiling would get a shared counter table.
 */
export class CompanyLimiter {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private tokens: number;
  private refilledAt = Date.now();

  constructor(
    private readonly maxConcurrency: number,
    private readonly ratePerSecond: number,
  ) {
    this.tokens = ratePerSecond;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquireSlot();
    try {
      await this.acquireToken();
      return await work();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  private async acquireSlot(): Promise<void> {
    while (this.inFlight >= this.maxConcurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
  }

  private async acquireToken(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(
        this.ratePerSecond,
        this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond,
      );
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)),
      );
    }
  }
}
