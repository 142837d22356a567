import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PartnerRateLimiter } from '../../ports/partner-rate-limiter.ts';
import { conditionally } from './client.ts';

/** A window's item outlives its second by a minute, then TTL removes it. */
const WINDOW_TTL_SECONDS = 60;

/**
 * A fixed one-second window per company in the `counters` table, shared by every instance: one
 * conditional `UpdateItem` per call on `partner#<companyId>#<epochSecond>` adds 1 while the count is
 * under the rate. A full window waits for the next second (plus jitter, so waiting instances do not
 * all arrive at its first millisecond) and tries again, at most `maxWaits` times.
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
  const admit = (companyId: string, second: number, limit: number) =>
    conditionally(() =>
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: { counterKey: `partner#${companyId}#${second}` },
          UpdateExpression: 'ADD n :one SET expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':expiresAt': second + WINDOW_TTL_SECONDS,
          },
        }),
      ),
    );
  return {
    async acquire(companyId, ratePerSecond) {
      const limit = Math.max(1, Math.floor(ratePerSecond));
      for (let waits = 0; ; waits++) {
        const nowMs = options.clock.now().getTime();
        const second = Math.floor(nowMs / 1000);
        if (await admit(companyId, second, limit)) return;
        if (waits >= maxWaits) throw new TransientError(`rate of ${companyId} is full`);
        await sleep((second + 1) * 1000 - nowMs + Math.random() * jitterMs);
      }
    },
  };
}
