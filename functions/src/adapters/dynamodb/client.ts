import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** A document client; the endpoint comes from the standard AWS_ENDPOINT_URL_DYNAMODB when set. */
export function createDocumentClient(region: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

/** Runs a conditional write: `true` when it applied, `false` when its condition did not hold. */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Undoes a write that returned the item as it was (`previous`, or nothing when it created it): puts
 * that back, or deletes the item, if `stillOurs` (a condition with its values) shows the write is
 * still the item's newest. A later write wins; that is not an error.
 */
export async function restoreIfStillOurs(
  db: DynamoDBDocumentClient,
  table: string,
  key: Record<string, string>,
  previous: Record<string, unknown> | undefined,
  stillOurs: { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
): Promise<void> {
  await conditionally(() =>
    previous
      ? db.send(new PutCommand({ TableName: table, Item: previous, ...stillOurs }))
      : db.send(new DeleteCommand({ TableName: table, Key: key, ...stillOurs })),
  );
}

/** An item whose expiry has passed is treated as absent: TTL deletion is late on AWS and absent locally. */
export function live<T extends { expiresAt: number }>(item: T | undefined, now: number): T | undefined {
  return item && item.expiresAt > now ? item : undefined;
}
