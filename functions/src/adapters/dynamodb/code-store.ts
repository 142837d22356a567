import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_CODE_ATTEMPTS } from '@occ/shared';
import type { CodeItem, CodeStore } from '../../ports/code-store.ts';
import { conditionally, live } from './client.ts';

export function dynamoCodeStore(db: DynamoDBDocumentClient, table: string): CodeStore {
  const liveCode = '#state = :live AND codeHash = :hash AND attempts < :max AND codeExpiresAt > :now';
  return {
    async get(phoneHash, now) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { phoneHash }, ConsistentRead: true }),
      );
      return live(out.Item as CodeItem | undefined, now);
    },
    async put(item) {
      await db.send(new PutCommand({ TableName: table, Item: item }));
    },
    async recordWrongTry(phoneHash, codeHash, maxAttempts, now) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash },
            UpdateExpression: 'SET attempts = attempts + :one',
            ConditionExpression: liveCode,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':live': 'LIVE',
              ':hash': codeHash,
              ':max': maxAttempts,
              ':now': now,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const attempts = (out.Attributes as CodeItem).attempts;
        if (attempts >= maxAttempts) {
          await conditionally(() =>
            db.send(
              new UpdateCommand({
                TableName: table,
                Key: { phoneHash },
                UpdateExpression: 'SET #state = :void',
                ConditionExpression: 'codeHash = :hash',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':void': 'VOID', ':hash': codeHash },
              }),
            ),
          );
        }
        return attempts;
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
        throw error;
      }
    },
    consume(phoneHash, codeHash, use) {
      return conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash },
            UpdateExpression:
              'SET #state = :used, submissionHash = :submission, queryId = :queryId, acceptedAt = :acceptedAt, usedAt = :usedAt, expiresAt = :expiresAt',
            ConditionExpression: liveCode,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':used': 'USED',
              ':submission': use.submissionHash,
              ':queryId': use.queryId,
              ':acceptedAt': use.acceptedAt,
              ':usedAt': use.usedAt,
              ':expiresAt': use.expiresAt,
              ':live': 'LIVE',
              ':hash': codeHash,
              ':max': MAX_CODE_ATTEMPTS,
              ':now': use.usedAt,
            },
          }),
        ),
      );
    },
    async forgetSubmission(phoneHash, queryId) {
      await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash },
            UpdateExpression: 'REMOVE submissionHash',
            ConditionExpression: 'queryId = :queryId',
            ExpressionAttributeValues: { ':queryId': queryId },
          }),
        ),
      );
    },
  };
}
