import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { countSegments, type OutboxMessage, SMS_PORT } from '@occ/shared';
import { type Clock, epochSeconds } from '../../ports/clock.ts';
import type { SmsOutbox, SmsSender } from '../../ports/messaging.ts';

/** How long the sandbox outbox keeps a message (TTL). */
export const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The outbox table of the sandbox stage (`phone` + `messageId`, TTL on `expiresAt`): the SMS port
 * writes every message there instead of to a gateway, repeats included (as a phone would show
 * them), and the reader lists them by number. The message id sorts by time.
 */
export function dynamoSmsOutbox(
  db: DynamoDBDocumentClient,
  table: string,
  clock: Clock,
): { sender: SmsSender; outbox: SmsOutbox } {
  return {
    sender: {
      async send({ to, text }) {
        const sentAt = clock.now();
        const messageId = `${sentAt.toISOString()}#${randomUUID()}`;
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              phone: to,
              messageId,
              from: SMS_PORT,
              text,
              segments: countSegments(text),
              sentAt: sentAt.toISOString(),
              expiresAt: epochSeconds(sentAt) + OUTBOX_TTL_SECONDS,
            },
          }),
        );
        return { messageId };
      },
    },
    outbox: {
      async list(phone) {
        const now = epochSeconds(clock.now());
        const messages: OutboxMessage[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'phone = :phone',
              ExpressionAttributeValues: { ':phone': phone },
              ExclusiveStartKey: start,
            }),
          );
          for (const item of page.Items ?? []) {
            if (Number(item.expiresAt) <= now) continue;
            messages.push({
              to: String(item.phone),
              from: String(item.from),
              text: String(item.text),
              segments: Number(item.segments),
              sentAt: String(item.sentAt),
            });
          }
          start = page.LastEvaluatedKey;
        } while (start);
        return messages;
      },
    },
  };
}
