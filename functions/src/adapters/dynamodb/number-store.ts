import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_CODE_ATTEMPTS } from '@occ/shared';
import type { NumberItem, NumberStore } from '../../ports/number-store.ts';
import { conditionally, isConditionFailure, restoreIfStillOurs } from './client.ts';
import { slidingLog } from './sliding-log.ts';

/** The times of a number's last 10 codes: the longest per-number limit is 10 a day. */
const codesSent = slidingLog('codeSentAt', 10);

const LIVE_CODE = '#state = :live AND codeHash = :hash AND attempts < :max AND codeExpiresAt > :now';
/** No cooldown, or one that has ended (a missing attribute compares false: see `slidingLog`). */
const OUT_OF_COOLDOWN = 'NOT cooldownUntil > :now';

function toNumberItem(raw: Record<string, unknown>): NumberItem {
  const item = { ...raw };
  for (const name of codesSent.attributes) delete item[name];
  return { ...(item as Omit<NumberItem, 'codesSentAt'>), codesSentAt: codesSent.times(raw) };
}

/** The `codes` table: one item per number (see `NumberItem`), every change one conditional write. */
export function dynamoNumberStore(db: DynamoDBDocumentClient, table: string): NumberStore {
  const read = async (phoneHash: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: { phoneHash }, ConsistentRead: true }))).Item;
  // An item past its expiry is absent: TTL deletion is late on AWS and absent locally.
  const live = (raw: Record<string, unknown> | undefined, now: number) =>
    raw && Number(raw.expiresAt) > now ? toNumberItem(raw) : undefined;
  return {
    async get(phoneHash, now) {
      return live(await read(phoneHash), now);
    },
    async sendCode(code, limits) {
      const admits = codesSent.admits(limits, code.sentAt);
      let previous: Record<string, unknown> | undefined;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash: code.phoneHash },
            UpdateExpression:
              `SET ${codesSent.record}, codeHash = :hash, #state = :live, attempts = :zero, ` +
              'codeExpiresAt = :codeExpiresAt, expiresAt = :expiresAt ' +
              'REMOVE submissionHash, queryId, acceptedAt, usedAt, cooldownUntil',
            ConditionExpression: `${OUT_OF_COOLDOWN} AND ${admits.expression}`,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':none': 0,
              ':zero': 0,
              ':now': code.sentAt,
              ':hash': code.codeHash,
              ':live': 'LIVE',
              ':codeExpiresAt': code.codeExpiresAt,
              ':expiresAt': code.expiresAt,
              ...admits.values,
            },
            ReturnValues: 'ALL_OLD',
          }),
        );
        previous = out.Attributes;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { sent: false, current: live(await read(code.phoneHash), code.sentAt) };
      }
      return {
        sent: true,
        // Only while the new code is still the number's last: nothing else can have used it yet.
        undo: () =>
          restoreIfStillOurs(db, table, { phoneHash: code.phoneHash }, previous, {
            ConditionExpression: `codeHash = :hash AND ${codesSent.newest} = :sentAt`,
            ExpressionAttributeValues: { ':hash': code.codeHash, ':sentAt': code.sentAt },
          }),
      };
    },
    async recordWrongTry(phoneHash, codeHash, maxAttempts, now) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash },
            UpdateExpression: 'SET attempts = attempts + :one',
            ConditionExpression: LIVE_CODE,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':live': 'LIVE',
              ':hash': codeHash,
              ':max': maxAttempts,
              ':now': now,
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(out.Attributes?.attempts);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    accept(phoneHash, codeHash, use) {
      return conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash },
            // The cooldown outlasts every limit window of the codes, so it sets the item's expiry.
            UpdateExpression:
              'SET #state = :used, submissionHash = :submission, queryId = :queryId, acceptedAt = :acceptedAt, ' +
              'usedAt = :now, cooldownUntil = :cooldownUntil, expiresAt = :cooldownUntil',
            ConditionExpression: `${LIVE_CODE} AND ${OUT_OF_COOLDOWN}`,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':used': 'USED',
              ':submission': use.submissionHash,
              ':queryId': use.queryId,
              ':acceptedAt': use.acceptedAt,
              ':cooldownUntil': use.cooldownUntil,
              ':live': 'LIVE',
              ':hash': codeHash,
              ':max': MAX_CODE_ATTEMPTS,
              ':now': use.usedAt,
            },
          }),
        ),
      );
    },
    async undoAcceptance(phoneHash, queryId) {
      await conditionally(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: { phoneHash },
            UpdateExpression: 'REMOVE submissionHash, cooldownUntil',
            ConditionExpression: 'queryId = :queryId',
            ExpressionAttributeValues: { ':queryId': queryId },
          }),
        ),
      );
    },
  };
}
