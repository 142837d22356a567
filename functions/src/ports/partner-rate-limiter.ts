/**
 * Admits calls to a company at its registry `ratePerSecond`, counted across every function
 * instance. `acquire` resolves when one call may go now; when the company's windows stay full it
 * rejects with `TransientError`, so the workflow retries the task with backoff.
 */
export interface PartnerRateLimiter {
  acquire(companyId: string, ratePerSecond: number): Promise<void>;
}
