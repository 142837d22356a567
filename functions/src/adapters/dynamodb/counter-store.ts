import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CounterStore, LimitRule } from '../../ports/counter-store.ts';
import { conditionally } from './client.ts';

interface CounterItem {
  counterKey: string;
  hits: number;
  windowEnd: number;
  expiresAt: number;
}

/** Windows that start at the first hit: "1 per minute" means 60 s between codes, not a calendar minute. */
export function dynamoCounterStore(db: DynamoDBDocumentClient, table: string): CounterStore {
  const read = async (key: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: { counterKey: key }, ConsistentRead: true })))
      .Item as CounterItem | undefined;
  const waitFor = (item: CounterItem | undefined, rule: LimitRule, now: number) =>
    !item || item.windowEnd <= now || item.hits < rule.limit ? 0 : item.windowEnd - now;
  return {
    async wait(rule, now) {
      return waitFor(await read(rule.key), rule, now);
    },
    async hit(rule, now) {
      const end = now + rule.windowSeconds;
      const opened = await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { counterKey: rule.key },
            UpdateExpression: 'SET hits = :one, windowEnd = :end, expiresAt = :end',
            ConditionExpression: 'attribute_not_exists(counterKey) OR windowEnd <= :now',
            ExpressionAttributeValues: { ':one': 1, ':end': end, ':now': now },
          }),
        ),
      );
      if (opened) return 0;
      const counted = await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { counterKey: rule.key },
            UpdateExpression: 'ADD hits :one',
            ConditionExpression: 'hits < :limit AND windowEnd > :now',
            ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':now': now },
          }),
        ),
      );
      if (counted) return 0;
      return Math.max(1, waitFor(await read(rule.key), rule, now));
    },
  };
}
