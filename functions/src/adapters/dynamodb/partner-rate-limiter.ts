import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PartnerRateLimiter } from '../../ports/partner-rate-limiter.ts';
import { shardedCounter } from './sharded-counter.ts';

/** A window's items outlive their second by a minute, then TTL removes them. */
const WINDOW_TTL_SECONDS = 60;
/**
 * Calls a second per item of a company's window: each item then takes at most that many writes a
 * second (and the refused ones while the window is full), far below DynamoDB's ~1,000 per key.
 */
const CALLS_PER_SHARD = 100;

/**
 * A fixed one-second window per company in the `counters` table, shared by every instance: one
 * conditional `UpdateItem` per call on one of the window's items, `partner#<companyId>#<epochSecond>#<shard>`
 * (one shard per 100 calls a second of the company's rate; see `shardedCounter`). A full window
 * waits for the next second (plus jitter, so waiting instances do not all arrive at its first
 * millisecond) and tries again, at most `maxWaits` times.
 */
export function dynamoPartnerRateLimiter(
  db: DynamoDBDocumentClient,
  table: string,
  options: {
    clock: Clock;
    maxWaits?: number;
    jitterMs?: number;
    sleep?: (ms: number) => Promise<void>;
  },
): PartnerRateLimiter {
  const maxWaits = options.maxWaits ?? 5;
  const jitterMs = options.jitterMs ?? 250;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const windows = shardedCounter(db, table);
  return {
    async acquire(companyId, ratePerSecond) {
      const limit = Math.max(1, Math.floor(ratePerSecond));
      const shards = Math.ceil(limit / CALLS_PER_SHARD);
      for (let waits = 0; ; waits++) {
        const nowMs = options.clock.now().getTime();
        const second = Math.floor(nowMs / 1000);
        const window = `partner#${companyId}#${second}`;
        if (await windows.take(window, limit, second + WINDOW_TTL_SECONDS, shards)) return;
        if (waits >= maxWaits) throw new TransientError(`rate of ${companyId} is full`);
        await sleep((second + 1) * 1000 - nowMs + Math.random() * jitterMs);
      }
    },
  };
}
