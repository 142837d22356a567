import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CounterStore, secondsUntilAdmitted } from '../../ports/counter-store.ts';
import { isConditionFailure, restoreIfStillOurs } from './client.ts';
import { shardedCounter } from './sharded-counter.ts';
import { slidingLog } from './sliding-log.ts';

/**
 * Counters in the `counters` table. `record` keeps the times of a key's last `logLength` events in
 * its item (see `slidingLog`); `take` spreads a capped window over `shards` items (see
 * `shardedCounter`).
 */
export function dynamoCounterStore(
  db: DynamoDBDocumentClient,
  table: string,
  options: { logLength?: number; shards?: number; random?: () => number } = {},
): CounterStore {
  const log = slidingLog('at', options.logLength ?? 10);
  const capped = shardedCounter(db, table, options.random ? { random: options.random } : {});
  const shards = options.shards ?? 1;
  return {
    async record(key, limits, now) {
      const admits = log.admits(limits, now);
      const longest = Math.max(...limits.map((limit) => limit.seconds));
      // Names this write, so that its undo can tell it is still the newest.
      const writeId = randomUUID();
      let previous: Record<string, unknown> | undefined;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { counterKey: key },
            UpdateExpression: `SET ${log.record}, lastWrite = :writeId, expiresAt = :expiresAt`,
            ConditionExpression: admits.expression,
            ExpressionAttributeValues: {
              ':none': 0,
              ':now': now,
              ':writeId': writeId,
              ':expiresAt': now + longest,
              ...admits.values,
            },
            ReturnValues: 'ALL_OLD',
          }),
        );
        previous = out.Attributes;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await db.send(
          new GetCommand({ TableName: table, Key: { counterKey: key }, ConsistentRead: true }),
        );
        return { recorded: false, wait: Math.max(1, secondsUntilAdmitted(log.times(Item), limits, now)) };
      }
      return {
        recorded: true,
        undo: () =>
          restoreIfStillOurs(db, table, { counterKey: key }, previous, {
            ConditionExpression: 'lastWrite = :writeId',
            ExpressionAttributeValues: { ':writeId': writeId },
          }),
      };
    },
    take(window, limit, expiresAt) {
      return capped.take(window, limit, expiresAt, shards);
    },
  };
}
