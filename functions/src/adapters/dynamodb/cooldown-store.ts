import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Cooldown, CooldownStore } from '../../ports/cooldown-store.ts';
import { conditionally, live } from './client.ts';

export function dynamoCooldownStore(db: DynamoDBDocumentClient, table: string): CooldownStore {
  return {
    async release(phoneHash, queryId) {
      await conditionally(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: { phoneHash },
            ConditionExpression: 'queryId = :queryId',
            ExpressionAttributeValues: { ':queryId': queryId },
          }),
        ),
      );
    },
    async get(phoneHash, now) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { phoneHash }, ConsistentRead: true }),
      );
      return live(out.Item as Cooldown | undefined, now);
    },
    claim(cooldown, now) {
      return conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: cooldown,
            ConditionExpression: 'attribute_not_exists(phoneHash) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        ),
      );
    },
  };
}
