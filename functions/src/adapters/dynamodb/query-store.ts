import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { QuerySummary } from '@occ/shared';
import { type QueryItem, type QueryStore, summaryOf } from '../../ports/query-store.ts';
import { conditionally, live } from './client.ts';
import { QUERIES_BY_OWNER } from './indexes.ts';

export function dynamoQueryStore(db: DynamoDBDocumentClient, table: string): QueryStore {
  const get = async (queryId: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: { queryId }, ConsistentRead: true }))).Item as
      | QueryItem
      | undefined;
  /**
   * Closes a query without reading it first: one conditional write moves an open query (ACCEPTED or
   * LOOKING_UP; for a failure, only while no SMS is recorded as sent) to its final status; when that
   * condition does not hold (REJECTED, already final, or sent), a second write only records the times
   * and erases the number, leaving the status alone. A missing query is left missing. Repeats change
   * nothing, and a failure recorded after the delivery cannot turn COMPLETED into FAILED.
   */
  const finish = async (queryId: string, status: 'COMPLETED' | 'FAILED', at: string) => {
    const times = `completedAt = if_not_exists(completedAt, :at)${
      status === 'COMPLETED' ? ', smsSentAt = if_not_exists(smsSentAt, :at)' : ''
    }`;
    const moved = await conditionally(() =>
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: { queryId },
          UpdateExpression: `SET #status = :status, ${times} REMOVE phoneEncrypted`,
          ConditionExpression: `#status IN (:accepted, :lookingUp)${
            status === 'FAILED' ? ' AND attribute_not_exists(smsSentAt)' : ''
          }`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':at': at,
            ':accepted': 'ACCEPTED',
            ':lookingUp': 'LOOKING_UP',
          },
        }),
      ),
    );
    if (moved) return;
    await conditionally(() =>
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: { queryId },
          UpdateExpression: `SET ${times} REMOVE phoneEncrypted`,
          ConditionExpression: 'attribute_exists(queryId)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  };
  return {
    async create(item) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(queryId)',
        }),
      );
    },
    async get(queryId, now) {
      return live(await get(queryId), now);
    },
    async markLookingUp(queryId) {
      await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { queryId },
            UpdateExpression: 'SET #status = :next',
            ConditionExpression: '#status = :accepted',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':next': 'LOOKING_UP', ':accepted': 'ACCEPTED' },
          }),
        ),
      );
    },
    async saveReply(queryId, replyText) {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { queryId },
          UpdateExpression: 'SET replyText = if_not_exists(replyText, :text)',
          ConditionExpression: 'attribute_exists(queryId)',
          ExpressionAttributeValues: { ':text': replyText },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return String(Attributes?.replyText ?? replyText);
    },
    claimReply(queryId, at) {
      return conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { queryId },
            UpdateExpression: 'SET replyClaimedAt = :at',
            ConditionExpression: 'attribute_exists(queryId) AND attribute_not_exists(replyClaimedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    },
    async releaseReply(queryId, at) {
      await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { queryId },
            UpdateExpression: 'REMOVE replyClaimedAt',
            ConditionExpression: 'replyClaimedAt = :at',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    },
    recordDelivery: (queryId, at) => finish(queryId, 'COMPLETED', at),
    recordFailure: (queryId, at) => finish(queryId, 'FAILED', at),
    async listByOwner(ownerId, { since, now, limit }) {
      const found: QuerySummary[] = [];
      let start: QueryCommandOutput['LastEvaluatedKey'];
      // Expired items are filtered after the page is read, so a page may hold fewer: read on.
      do {
        const page: QueryCommandOutput = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: QUERIES_BY_OWNER.indexName,
            KeyConditionExpression: '#owner = :owner AND #accepted >= :since',
            FilterExpression: 'expiresAt > :now',
            ExpressionAttributeNames: { '#owner': 'ownerId', '#accepted': 'acceptedAt' },
            ExpressionAttributeValues: { ':owner': ownerId, ':since': since, ':now': now },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? [])
          if (found.length < limit) found.push(summaryOf(item as QueryItem));
        start = page.LastEvaluatedKey;
      } while (start && found.length < limit);
      return found;
    },
  };
}
