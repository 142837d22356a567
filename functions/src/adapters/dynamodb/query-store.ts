import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { QuerySummary } from '@occ/shared';
import { type QueryItem, type QueryStore, summaryOf } from '../../ports/query-store.ts';
import { conditionally, isConditionFailure, live } from './client.ts';
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
  /**
   * One conditional update that answers the item as it stands afterwards. When its condition does
   * not hold, the item as it stands (read again) if `readOnRefusal`, else `undefined`.
   */
  const updated = async (
    update: Pick<
      UpdateCommandInput,
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
    queryId: string,
    readOnRefusal: boolean,
  ): Promise<QueryItem | undefined> => {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({ TableName: table, Key: { queryId }, ReturnValues: 'ALL_NEW', ...update }),
      );
      return Attributes as QueryItem;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return readOnRefusal ? get(queryId) : undefined;
    }
  };
  return {
    async create(item) {
      await db.send(
        new PutCommand({
          TableName: table,
          // The maps each company's result and task token go into exist from the start.
          Item: { results: {}, waiting: {}, ...item },
          ConditionExpression: 'attribute_not_exists(queryId)',
        }),
      );
    },
    async get(queryId, now) {
      return live(await get(queryId), now);
    },
    async markLookingUp(queryId, now) {
      return updated(
        {
          UpdateExpression:
            'SET #status = :lookingUp, results = if_not_exists(results, :empty), waiting = if_not_exists(waiting, :empty)',
          ConditionExpression:
            '#status IN (:accepted, :lookingUp) AND attribute_not_exists(smsSentAt) AND expiresAt > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':lookingUp': 'LOOKING_UP',
            ':accepted': 'ACCEPTED',
            ':empty': {},
            ':now': now,
          },
        },
        queryId,
        false,
      );
    },
    recordResult: (queryId, companyId, result) =>
      updated(
        {
          UpdateExpression: 'SET results.#company = :result',
          ConditionExpression:
            'attribute_exists(queryId) AND attribute_not_exists(results.#company) AND attribute_not_exists(replyText)',
          ExpressionAttributeNames: { '#company': companyId },
          ExpressionAttributeValues: { ':result': result },
        },
        queryId,
        true,
      ),
    awaitCallback: (queryId, companyId, taskToken) =>
      updated(
        {
          UpdateExpression: 'SET waiting.#company = :taskToken',
          ConditionExpression: 'attribute_exists(queryId) AND attribute_not_exists(results.#company)',
          ExpressionAttributeNames: { '#company': companyId },
          ExpressionAttributeValues: { ':taskToken': taskToken },
        },
        queryId,
        true,
      ),
    claimReply: (queryId, at, replyText) =>
      updated(
        {
          UpdateExpression: 'SET replyClaimedAt = :at, replyText = if_not_exists(replyText, :text)',
          ConditionExpression:
            'attribute_exists(queryId) AND attribute_not_exists(replyClaimedAt) AND attribute_exists(phoneEncrypted)',
          ExpressionAttributeValues: { ':at': at, ':text': replyText },
        },
        queryId,
        false,
      ),
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
