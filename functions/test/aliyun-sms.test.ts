import { renderCodeSms, renderPartialSms, renderResultSms, SMS_TEMPLATES } from '@occ/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AliyunSmsOptions, aliyunSmsSender } from '../src/adapters/aliyun/sms-sender.ts';
import { SmsNotSentError } from '../src/errors.ts';
import { epochSeconds } from '../src/ports/clock.ts';
import { type AliyunSmsSimulation, startAliyunSmsSimulation } from '../src/sandbox/aliyun-sms.ts';
import { sendReply } from '../src/use-cases/reply-tasks.ts';
import { FakeClock, keyring, MemoryLogger, MemoryLookups, MemoryQueries } from './fakes.ts';

const PHONE = '13800138000';
const TEMPLATES = {
  code: 'SMS_100001',
  result: 'SMS_100002',
  partial: 'SMS_100003',
  unanswered: 'SMS_100005',
  unsuccessful: 'SMS_100004',
};
/** The registered templates: exactly the texts docs/deploy.md tells a maintainer to register. */
const REGISTERED = Object.fromEntries(
  Object.entries(TEMPLATES).map(([name, code]) => [code, SMS_TEMPLATES[name as keyof typeof TEMPLATES]]),
);

let gateway: AliyunSmsSimulation;
beforeEach(async () => {
  gateway = await startAliyunSmsSimulation({
    keys: { LTAI5tTestKeyId: 'test-access-key-secret' },
    signNames: ['一证通查'],
    templates: REGISTERED,
  });
});
afterEach(() => gateway.close());

const sender = (overrides: Partial<AliyunSmsOptions> = {}) =>
  aliyunSmsSender({
    accessKeyId: 'LTAI5tTestKeyId',
    accessKeySecret: 'test-access-key-secret',
    signName: '一证通查',
    templates: TEMPLATES,
    endpoint: gateway.endpoint,
    protocol: 'HTTP',
    baseDelayMs: 1,
    ...overrides,
  });

describe('aliyunSmsSender against the local Alibaba Cloud SMS simulation', () => {
  it('sends a verification code as its registered template and variables, signed, and returns the BizId', async () => {
    const text = renderCodeSms('482913');
    const receipt = await sender().send({ to: PHONE, text, idempotencyKey: 'code-1' });
    expect(gateway.messages).toEqual([
      {
        phone: PHONE,
        signName: '一证通查',
        templateCode: 'SMS_100001',
        text,
        outId: 'code-1',
        bizId: receipt.messageId,
      },
    ]);
  });

  it('sends a result with the masked number and the counts', async () => {
    const text = renderResultSms({
      phoneMasked: '138****8000',
      counts: [
        { companyId: 'tencent', count: 2 },
        { companyId: 'alibaba', count: 1 },
      ],
    });
    await sender().send({ to: PHONE, text, idempotencyKey: 'reply-q1' });
    expect(gateway.messages.map((message) => [message.templateCode, message.text])).toEqual([
      ['SMS_100002', text],
    ]);
  });

  it('sends a reply no company answered as the registered unanswered template', async () => {
    const text = renderPartialSms({ phoneMasked: '138****8000', counts: [], unavailable: ['jd', 'meituan'] });
    await sender().send({ to: PHONE, text, idempotencyKey: 'reply-q2' });
    expect(gateway.messages.map((message) => [message.templateCode, message.text])).toEqual([
      ['SMS_100005', text],
    ]);
  });

  it('calls a template the gateway refuses not sent, and sends nothing', async () => {
    const failure = await sender({ templates: { ...TEMPLATES, result: 'SMS_999999' } })
      .send({
        to: PHONE,
        text: renderResultSms({ phoneMasked: '138****8000', counts: [] }),
        idempotencyKey: 'k',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmsNotSentError);
    expect((failure as SmsNotSentError).reason).toBe('isv.SMS_TEMPLATE_ILLEGAL');
    expect(gateway.messages).toEqual([]);
  });

  it('refuses a text that is none of the registered templates without asking the gateway', async () => {
    const failure = await sender()
      .send({ to: PHONE, text: '【一证通查】free text', idempotencyKey: 'k' })
      .catch((error: unknown) => error);
    expect((failure as SmsNotSentError).reason).toBe('NoRegisteredTemplate');
    expect(gateway.requests).toBe(0);
  });

  it('sends a throttled message again, once: one message on the phone', async () => {
    gateway.script.push({ kind: 'throttle' }, { kind: 'throttle' });
    await sender().send({ to: PHONE, text: renderCodeSms('111111'), idempotencyKey: 'code-2' });
    expect(gateway.requests).toBe(3);
    expect(gateway.messages).toHaveLength(1);
  });

  it('gives up as not sent when flow control never lifts', async () => {
    gateway.script.push({ kind: 'throttle' }, { kind: 'throttle' }, { kind: 'throttle' });
    const failure = await sender()
      .send({ to: PHONE, text: renderCodeSms('111111'), idempotencyKey: 'code-3' })
      .catch((error: unknown) => error);
    expect((failure as SmsNotSentError).reason).toBe('isv.BUSINESS_LIMIT_CONTROL');
    expect(gateway.messages).toEqual([]);
  });

  it('refuses a request signed with another secret (the simulation checks signature V3)', async () => {
    const failure = await sender({ accessKeySecret: 'wrong' })
      .send({ to: PHONE, text: renderCodeSms('111111'), idempotencyKey: 'k' })
      .catch((error: unknown) => error);
    expect((failure as SmsNotSentError).reason).toBe('SignatureDoesNotMatch');
    expect(gateway.messages).toEqual([]);
  });

  it('keeps the reply at most once on a timeout: the gateway took it late, nothing is sent again, the query is closed as delivered', async () => {
    const clock = new FakeClock();
    const queries = new MemoryQueries();
    const logger = new MemoryLogger();
    const text = renderResultSms({
      phoneMasked: '138****8000',
      counts: [{ companyId: 'tencent', count: 1 }],
    });
    await queries.create({
      queryId: 'q1',
      ownerId: 'u1',
      phoneHash: keyring.hashPhone(PHONE),
      phoneMasked: '138****8000',
      phoneEncrypted: keyring.encryptPhone(PHONE),
      status: 'LOOKING_UP',
      acceptedAt: clock.now().toISOString(),
      replyBy: clock.now().toISOString(),
      companies: [{ companyId: 'tencent', lookupId: '3f2b8c1e-9a4d-4c2b-8e1f-0a9b8c7d6e5f' }],
      expiresAt: epochSeconds(clock.now()) + 86_400,
    });
    await queries.recordResult('q1', 'tencent', { status: 'DONE', count: 1 });
    gateway.script.push({ kind: 'slow', answerAfterMs: 1_500 });
    const deps = {
      queries,
      lookups: new MemoryLookups(),
      keyring,
      sms: sender({ readTimeoutMs: 300 }),
      clock,
      logger,
    };

    await sendReply(deps, { queryId: 'q1' });
    // The workflow's retry finds the reply handled and sends nothing.
    await sendReply(deps, { queryId: 'q1' });

    expect(gateway.messages).toHaveLength(1);
    expect(gateway.requests).toBe(1);
    expect(queries.items.get('q1')).toMatchObject({ smsSentAt: clock.now().toISOString(), replyText: text });
    expect(logger.lines.map((line) => line.event)).toContain('reply_delivery_unconfirmed');
  });
});
