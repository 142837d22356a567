import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LookupItem, LookupStore } from '../../ports/lookup-store.ts';
import { conditionally, live } from './client.ts';

export function dynamoLookupStore(db: DynamoDBDocumentClient, table: string): LookupStore {
  const get = async (lookupId: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: { lookupId }, ConsistentRead: true }))).Item as
      | LookupItem
      | undefined;
  /** A conditional update of a PENDING lookup; returns the item as it stands afterwards. */
  const updatePending = async (
    lookupId: string,
    set: string,
    values: Record<string, unknown>,
    names: Record<string, string> = {},
  ) => {
    await conditionally(() =>
      db.send(
        new UpdateCommand({
          TableName: table,
          Key: { lookupId },
          UpdateExpression: set,
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', ...names },
          ExpressionAttributeValues: { ':pending': 'PENDING', ...values },
        }),
      ),
    );
    return get(lookupId);
  };
  return {
    async open(item) {
      await conditionally(() =>
        db.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(lookupId)',
          }),
        ),
      );
    },
    async get(lookupId, now) {
      return live(await get(lookupId), now);
    },
    async getMany(lookupIds, now) {
      const found: LookupItem[] = [];
      let keys: Record<string, unknown>[] = lookupIds.map((lookupId) => ({ lookupId }));
      while (keys.length > 0) {
        const batch = keys.slice(0, 100);
        keys = keys.slice(100);
        let request:
          | Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }>
          | undefined = {
          [table]: { Keys: batch, ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchGetCommand({ RequestItems: request }));
          found.push(...((out.Responses?.[table] ?? []) as LookupItem[]));
          request = out.UnprocessedKeys as typeof request;
        }
      }
      return found.filter((item) => item.expiresAt > now);
    },
    recordCount: (lookupId, count) =>
      updatePending(
        lookupId,
        'SET #status = :done, #count = :count',
        { ':done': 'DONE', ':count': count },
        { '#count': 'count' },
      ),
    awaitCallback: (lookupId, taskToken) =>
      updatePending(lookupId, 'SET taskToken = :taskToken', { ':taskToken': taskToken }),
    markUnavailable: (lookupId) =>
      updatePending(lookupId, 'SET #status = :unavailable', { ':unavailable': 'UNAVAILABLE' }),
  };
}
