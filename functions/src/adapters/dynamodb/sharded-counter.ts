import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TakenSlot } from '../../ports/counter-store.ts';
import { conditionally, isConditionFailure } from './client.ts';

/** How long an instance remembers a shard it found full before trying it again, in milliseconds. */
const FULL_FOR_MS = 5_000;

/**
 * A capped count over one window (a day, a second) kept on several items, `<window>#<shard>`, so
 * no item takes more than its share of the writes: DynamoDB serves about 1,000 writes a second per
 * partition key. Shard i admits its share of the limit (the shares add up to the limit exactly),
 * by one conditional `ADD` that fails only when that shard is full. A take starts at a random shard
 * and moves on to the next while shards are full.
 *
 * Bound: never more than `limit` slots are taken in a window. A take is refused only when every
 * shard was found full by this instance within the last 5 s; so a slot another instance gives back
 * to a shard this one found full may stay unused for up to 5 s (a slot given back through this
 * instance is seen at once). Remembering full shards keeps requests refused at the cap cheap (no
 * write at all) instead of one refused write per shard.
 */
export function shardedCounter(
  db: DynamoDBDocumentClient,
  table: string,
  options: { random?: () => number; nowMs?: () => number } = {},
) {
  const random = options.random ?? Math.random;
  const nowMs = options.nowMs ?? (() => performance.now());
  const foundFull = new Map<string, number>();
  // Slots given back through this instance, by shard: a take that failed while one was given back
  // does not mark the shard full.
  const givenBack = new Map<string, number>();
  const isKnownFull = (key: string) => {
    const at = foundFull.get(key);
    if (at === undefined) return false;
    if (nowMs() - at < FULL_FOR_MS) return true;
    foundFull.delete(key);
    return false;
  };
  const forgetStale = () => {
    if (foundFull.size < 1_000) return;
    for (const [key, at] of foundFull) if (nowMs() - at >= FULL_FOR_MS) foundFull.delete(key);
    givenBack.clear();
  };
  const shareOf = (limit: number, count: number, shard: number) =>
    Math.floor(limit / count) + (shard < limit % count ? 1 : 0);
  return {
    /**
     * Takes `size` slots of `window` at once on one shard, chosen at random among those not known
     * full, with one conditional `ADD` that holds only while that shard has room for all of them.
     * Returns how full the shard is afterwards (0..1), or `undefined` when it had no room for
     * `size` (nothing taken, and the shard is not marked full: it may still have a slot or two).
     */
    async takeBlock(
      window: string,
      limit: number,
      expiresAt: number,
      shards: number,
      size: number,
    ): Promise<{ fill: number } | undefined> {
      const count = Math.max(1, Math.min(shards, limit));
      const shard = Math.floor(random() * count);
      const share = shareOf(limit, count, shard);
      if (size > share || isKnownFull(`${window}#${shard}<${share}`)) return undefined;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { counterKey: `${window}#${shard}` },
            UpdateExpression: 'ADD n :size SET expiresAt = :expiresAt',
            ConditionExpression: 'attribute_not_exists(n) OR n <= :room',
            ExpressionAttributeValues: { ':size': size, ':room': share - size, ':expiresAt': expiresAt },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return { fill: Number(out.Attributes?.n ?? size) / share };
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    /** Takes one slot of `window`, or `undefined` when all `limit` are taken. */
    async take(
      window: string,
      limit: number,
      expiresAt: number,
      shards: number,
    ): Promise<TakenSlot | undefined> {
      const count = Math.max(1, Math.min(shards, limit));
      const start = Math.floor(random() * count);
      for (let step = 0; step < count; step++) {
        const shard = (start + step) % count;
        const key = `${window}#${shard}`;
        const share = shareOf(limit, count, shard);
        // Full for its share: a new configuration (another limit) is not full yet.
        const memory = `${key}<${share}`;
        if (isKnownFull(memory)) continue;
        const givenBackBefore = givenBack.get(memory) ?? 0;
        const taken = await conditionally(() =>
          db.send(
            new UpdateCommand({
              TableName: table,
              Key: { counterKey: key },
              UpdateExpression: 'ADD n :one SET expiresAt = :expiresAt',
              ConditionExpression: 'attribute_not_exists(n) OR n < :share',
              ExpressionAttributeValues: { ':one': 1, ':share': share, ':expiresAt': expiresAt },
            }),
          ),
        );
        if (taken) {
          return {
            giveBack: async () => {
              givenBack.set(memory, (givenBack.get(memory) ?? 0) + 1);
              foundFull.delete(memory);
              await db.send(
                new UpdateCommand({
                  TableName: table,
                  Key: { counterKey: key },
                  UpdateExpression: 'ADD n :minusOne',
                  ExpressionAttributeValues: { ':minusOne': -1 },
                }),
              );
            },
          };
        }
        forgetStale();
        if ((givenBack.get(memory) ?? 0) === givenBackBefore) foundFull.set(memory, nowMs());
      }
      return undefined;
    },
  };
}
