import type { PartnerEntry } from '../../config.ts';
import { PartnerUnavailableError } from '../../errors.ts';
import { type Clock, epochSeconds } from '../../ports/clock.ts';
import type { Logger } from '../../ports/logger.ts';
import type { PartnerRateLimiter } from '../../ports/partner-rate-limiter.ts';
import type { PartnerAnswer, PartnerConnector, PartnerRegistry } from '../../ports/partners.ts';
import { failureKind, HttpStatusError } from '../failure.ts';
import { CompanyLimiter } from './limiter.ts';
import { signedHeaders } from './signing.ts';

const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 2_000;

type Attempt = { ok: true; answer: PartnerAnswer } | { ok: false; reason: string };

/**
 * Signed `POST {endpoint}/v1/account-counts` with a per-call timeout; a 5xx, a timeout or a
 * malformed body is retried with exponential backoff and full jitter up to the company's
 * `maxAttempts`, then the company is unavailable for this lookup. Every attempt first takes one of
 * this instance's `maxConcurrency` slots for the company, then a place in the company's global rate
 * (`rateLimiter`, which throws `TransientError` when the rate stays full: the workflow retries).
 */
export function httpPartnerConnector(deps: {
  registry: PartnerRegistry;
  rateLimiter: PartnerRateLimiter;
  clock: Clock;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}): PartnerConnector {
  const limiters = new Map<string, CompanyLimiter>();
  const sleep = deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const limiterFor = (partner: PartnerEntry) => {
    let limiter = limiters.get(partner.companyId);
    if (!limiter) {
      limiter = new CompanyLimiter(partner.maxConcurrency);
      limiters.set(partner.companyId, limiter);
    }
    return limiter;
  };

  async function attempt(
    partner: PartnerEntry,
    secret: string,
    body: string,
    lookupId: string,
  ): Promise<Attempt> {
    try {
      const response = await fetch(`${partner.endpoint}/v1/account-counts`, {
        method: 'POST',
        headers: signedHeaders(secret, body, epochSeconds(deps.clock.now())),
        body,
        signal: AbortSignal.timeout(partner.timeoutMs),
      });
      const text = await response.text();
      if (response.status !== 200 && response.status !== 202)
        return { ok: false, reason: failureKind(new HttpStatusError(response.status)) };
      const answer = readAnswer(text, lookupId, response.status, partner.mode);
      return answer ? { ok: true, answer } : { ok: false, reason: 'malformed' };
    } catch (error) {
      // The kind only (timeout, DNS, connection…): the error's own message is never logged.
      return { ok: false, reason: failureKind(error) };
    }
  }

  return {
    async requestCount(partner, call) {
      const secret = await deps.registry.secret(partner.companyId);
      const body = JSON.stringify(call);
      let reason = 'not called';
      for (let tryNumber = 1; tryNumber <= partner.maxAttempts; tryNumber++) {
        if (tryNumber > 1)
          await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (tryNumber - 2)));
        const result = await limiterFor(partner).run(async () => {
          await deps.rateLimiter.acquire(partner.companyId, partner.ratePerSecond);
          return attempt(partner, secret, body, call.lookupId);
        });
        if (result.ok) return result.answer;
        reason = result.reason;
        deps.logger.warn('partner_call_failed', {
          companyId: partner.companyId,
          lookupId: call.lookupId,
          attempt: tryNumber,
          reason,
        });
      }
      throw new PartnerUnavailableError(partner.companyId, reason);
    },
  };
}

function readAnswer(
  text: string,
  lookupId: string,
  status: number,
  mode: PartnerEntry['mode'],
): PartnerAnswer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (fields.lookupId !== lookupId) return undefined;
  if (status === 202)
    return mode === 'async' && fields.status === 'PENDING' ? { kind: 'pending' } : undefined;
  const count = fields.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return undefined;
  return { kind: 'count', count };
}
