import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CounterStore, secondsUntilAdmitted } from '../../ports/counter-store.ts';
import { isConditionFailure, restoreIfStillOurs } from './client.ts';
import { shardedCounter } from './sharded-counter.ts';
import { slidingLog } from './sliding-log.ts';

/** The most slots an instance takes from a capped window at once. */
const MAX_LEASE = 20;
/** A lease is at most this part of a shard's share. */
const LEASE_SHARE = 0.1;
/** Once a shard is this full, the instance takes the window's slots one at a time (exactly). */
const EXACT_FROM = 0.9;

/**
 * Counters in the `counters` table. `record` keeps the times of a key's last `logLength` events in
 * its item (see `slidingLog`); `take` spreads a capped window over `shards` items (see
 * `shardedCounter`).
 *
 * A busy instance leases slots of a capped window in blocks: as many as it took in the previous
 * second, at most 20 and at most a tenth of a shard's share, in one conditional write, then hands
 * them out without writing (a slot given back goes back to the lease). Once a shard it writes to is
 * 90 % full it takes one slot per write, exactly, for the rest of the window. Bound: never more
 * than the limit is taken; slots an instance leased and did not use before it stopped, or before
 * the window ended, are not used by anyone, so the limit may refuse up to 19 slots per such
 * instance early (all of them from the first 90 % of a shard). At one request at a time (a quiet
 * Lambda instance) every take is one write.
 */
export function dynamoCounterStore(
  db: DynamoDBDocumentClient,
  table: string,
  options: { logLength?: number; shards?: number; random?: () => number; nowMs?: () => number } = {},
): CounterStore {
  const log = slidingLog('at', options.logLength ?? 10);
  const capped = shardedCounter(db, table, options.random ? { random: options.random } : {});
  const shards = options.shards ?? 1;
  const nowMs = options.nowMs ?? (() => performance.now());
  const leases = new Map<string, { left: number }>();
  const exact = new Set<string>();
  // Takes in the current and in the previous second, of this instance.
  const pace = { second: 0, current: 0, previous: 0 };
  const countTake = () => {
    const second = Math.floor(nowMs() / 1000);
    if (second !== pace.second) {
      pace.previous = second === pace.second + 1 ? pace.current : 0;
      pace.current = 0;
      pace.second = second;
    }
    pace.current++;
  };
  const fromLease = (window: string, lease: { left: number }) => {
    lease.left--;
    return {
      giveBack: async () => {
        if (leases.get(window) === lease) lease.left++;
      },
    };
  };
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
    async take(window, limit, expiresAt) {
      countTake();
      const lease = leases.get(window);
      if (lease && lease.left > 0) return fromLease(window, lease);
      const share = Math.floor(limit / Math.max(1, Math.min(shards, limit)));
      const size = exact.has(window)
        ? 1
        : Math.min(MAX_LEASE, pace.previous, Math.floor(share * LEASE_SHARE));
      if (size > 1) {
        const block = await capped.takeBlock(window, limit, expiresAt, shards, size);
        if (block) {
          if (block.fill >= EXACT_FROM) exact.add(window);
          // One window at a time: a lease of an earlier window (yesterday) is of no more use.
          leases.clear();
          const fresh = { left: size };
          leases.set(window, fresh);
          return fromLease(window, fresh);
        }
        // No room for a block on that shard: the window is nearly full, take exactly from now on.
        exact.add(window);
      }
      return capped.take(window, limit, expiresAt, shards);
    },
  };
}
