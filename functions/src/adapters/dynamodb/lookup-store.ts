import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LookupItem, LookupStore } from '../../ports/lookup-store.ts';
import { live } from './client.ts';

/** BatchWriteItem takes at most 25 items a request. */
const BATCH_LIMIT = 25;

export function dynamoLookupStore(db: DynamoDBDocumentClient, table: string): LookupStore {
  return {
    async put(items) {
      // The items never change once written, so writing them again is harmless: no condition needed,
      // and one request stores a whole query's lookups.
      for (let start = 0; start < items.length; start += BATCH_LIMIT) {
        let requests: Record<string, { PutRequest: { Item: LookupItem } }[]> | undefined = {
          [table]: items.slice(start, start + BATCH_LIMIT).map((Item) => ({ PutRequest: { Item } })),
        };
        while (requests && Object.keys(requests).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: requests }));
          requests = out.UnprocessedItems as typeof requests;
        }
      }
    },
    async get(lookupId, now) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { lookupId }, ConsistentRead: true }),
      );
      return live(out.Item as LookupItem | undefined, now);
    },
  };
}
