import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoSmsOutbox, OUTBOX_TTL_SECONDS } from '../src/adapters/dynamodb/sms-outbox.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';
import { FakeClock } from './fakes.ts';

let local: LocalDynamo;
let db: DynamoDBDocumentClient;
let table: string;

beforeAll(async () => {
  local = await startDynalite();
  db = local.db;
  // The keys the stateful stack gives the sandbox outbox table.
  table = await local.table('phone', 'messageId');
});
afterAll(() => local.close());

describe('dynamoSmsOutbox', () => {
  it('keeps every SMS sent to a number, repeats included, oldest first, from the service port', async () => {
    const clock = new FakeClock();
    const { sender, outbox } = dynamoSmsOutbox(db, table, clock);
    const first = await sender.send({
      to: '13800138000',
      text: '【一证通查】您的验证码为123456',
      idempotencyKey: 'k1',
    });
    clock.advance(5);
    await sender.send({ to: '13800138000', text: '【一证通查】您的验证码为123456', idempotencyKey: 'k1' });
    await sender.send({ to: '13900139000', text: 'other', idempotencyKey: 'k2' });
    expect(first.messageId).toMatch(/^\d{4}-\d\d-\d\dT.*#[0-9a-f-]{36}$/);
    const messages = await outbox.list('13800138000');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ to: '13800138000', from: '10699000', segments: 1 });
    expect((messages[0]?.sentAt ?? '') < (messages[1]?.sentAt ?? '')).toBe(true);
  });

  it('stops listing a message once its expiry has passed', async () => {
    const clock = new FakeClock();
    const { sender, outbox } = dynamoSmsOutbox(db, table, clock);
    await sender.send({ to: '13700137000', text: 'soon gone', idempotencyKey: 'k3' });
    clock.advance(OUTBOX_TTL_SECONDS + 1);
    expect(await outbox.list('13700137000')).toEqual([]);
  });
});
