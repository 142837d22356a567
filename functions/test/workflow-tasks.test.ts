import { renderUnsuccessfulSms } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { hmacSigner } from '../src/adapters/partners/signing.ts';
import type { PartnerEntry } from '../src/config.ts';
import {
  BadSignatureError,
  InvalidRequestError,
  LookupClosedError,
  LookupNotFoundError,
  NotFoundError,
  PartnerUnavailableError,
  ServiceUnavailableError,
  SmsNotSentError,
} from '../src/errors.ts';
import { epochSeconds } from '../src/ports/clock.ts';
import type { PartnerAnswer, PartnerConnector } from '../src/ports/partners.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import {
  callCompany,
  companyDeadlineSeconds,
  markUnavailable,
  prepareLookup,
} from '../src/use-cases/lookup-tasks.ts';
import { recordPartnerResult } from '../src/use-cases/record-partner-result.ts';
import { recordDelivery, recordFailure, sendReply } from '../src/use-cases/reply-tasks.ts';
import {
  FakeClock,
  keyring,
  MemoryLogger,
  MemoryLookups,
  MemoryQueries,
  MemorySms,
  MemoryTaskTokens,
} from './fakes.ts';

const PHONE = '13800138000';
/** A lookup id in the form the service issues (a UUID v4), one per company. */
const lookupIdOf = (companyId: string) =>
  `00000000-0000-4000-8000-${Buffer.from(companyId).toString('hex').padEnd(12, '0').slice(0, 12)}`;
const partner = (companyId: string, mode: 'sync' | 'async' = 'sync'): PartnerEntry => ({
  companyId,
  endpoint: `http://partner.invalid/${companyId}`,
  mode,
  timeoutMs: 100,
  maxAttempts: 3,
  ratePerSecond: 10,
  maxConcurrency: 2,
});

function world(answers: Record<string, PartnerAnswer | Error>, status: QueryItem['status'] = 'ACCEPTED') {
  const clock = new FakeClock();
  const queries = new MemoryQueries();
  const lookups = new MemoryLookups();
  const logger = new MemoryLogger();
  const sms = new MemorySms();
  const tasks = new MemoryTaskTokens();
  const calls: string[] = [];
  const connector: PartnerConnector = {
    async requestCount(entry, call) {
      calls.push(`${entry.companyId}:${call.phone}:${call.callbackUrl ?? '-'}`);
      const answer = answers[entry.companyId];
      if (answer instanceof Error) throw answer;
      return answer ?? { kind: 'count', count: 0 };
    },
  };
  const companies = Object.keys(answers).map((companyId) => ({ companyId, lookupId: lookupIdOf(companyId) }));
  const query: QueryItem = {
    queryId: 'q1',
    ownerId: 's1',
    phoneHash: keyring.hashPhone(PHONE),
    phoneMasked: '138****8000',
    phoneEncrypted: keyring.encryptPhone(PHONE),
    status,
    acceptedAt: clock.now().toISOString(),
    replyBy: clock.now().toISOString(),
    companies: status === 'REJECTED' ? [] : companies,
    expiresAt: epochSeconds(clock.now()) + 86_400,
  };
  const taskDeps = {
    queries,
    lookups,
    clock,
    logger,
    keyring,
    connector,
    partner: (id: string) => (id === 'alipay' ? partner(id, 'async') : partner(id)),
    callbackUrl: (id: string) => `https://api.example/v1/partners/${id}/results`,
    asyncDeadlineSeconds: 600,
    tasks,
    sms,
  };
  return {
    clock,
    queries,
    lookups,
    logger,
    sms,
    tasks,
    calls,
    taskDeps,
    create: () => queries.create(query),
  };
}

describe('the lookup workflow tasks', () => {
  it('prepares once: LOOKING_UP, one open lookup per company, and nothing to look up once replied', async () => {
    const w = world({ tencent: { kind: 'count', count: 2 }, alipay: { kind: 'pending' } });
    await w.create();
    const prepared = await prepareLookup(w.taskDeps, { queryId: 'q1' });
    expect(prepared).toEqual({
      queryId: 'q1',
      phoneMasked: '138****8000',
      companies: [
        { queryId: 'q1', companyId: 'tencent', lookupId: lookupIdOf('tencent'), deadlineSeconds: 60 },
        { queryId: 'q1', companyId: 'alipay', lookupId: lookupIdOf('alipay'), deadlineSeconds: 600 },
      ],
    });
    expect(w.queries.items.get('q1')?.status).toBe('LOOKING_UP');
    await recordDelivery({ queries: w.queries, clock: w.clock }, { queryId: 'q1' });
    expect(await prepareLookup(w.taskDeps, { queryId: 'q1' })).toEqual({ queryId: 'q1', companies: [] });
    expect(await prepareLookup(w.taskDeps, { queryId: 'gone' })).toEqual({ queryId: 'gone', companies: [] });
  });

  it('looks nothing up for a REJECTED query: the reply task sends the unsuccessful message at once', async () => {
    const w = world({}, 'REJECTED');
    await w.create();
    expect(await prepareLookup(w.taskDeps, { queryId: 'q1' })).toEqual({ queryId: 'q1', companies: [] });
    expect(w.queries.items.get('q1')?.status).toBe('REJECTED');
    await sendReply(w.taskDeps, { queryId: 'q1' });
    expect(w.sms.sent.map((message) => message.text)).toEqual([
      renderUnsuccessfulSms({ phoneMasked: '138****8000' }),
    ]);
  });

  it('records a sync count and resumes its own task with it; never asks a closed lookup again', async () => {
    const w = world({ tencent: { kind: 'count', count: 2 } });
    await w.create();
    await prepareLookup(w.taskDeps, { queryId: 'q1' });
    const input = (taskToken: string) => ({
      queryId: 'q1',
      companyId: 'tencent',
      lookupId: lookupIdOf('tencent'),
      deadlineSeconds: 60,
      taskToken,
    });
    const done = { companyId: 'tencent', status: 'DONE', count: 2 };
    expect(await callCompany(w.taskDeps, input('t-1'))).toEqual(done);
    expect(w.tasks.resumed.get('t-1')).toEqual(done);
    // A resumed execution (a retried task, a restart) gets what the query holds, without a new call.
    expect(await callCompany(w.taskDeps, input('t-2'))).toEqual(done);
    expect(w.tasks.resumed.get('t-2')).toEqual(done);
    expect(w.calls).toEqual([`tencent:${PHONE}:-`]);
    expect(w.queries.items.get('q1')?.results).toEqual({ tencent: { status: 'DONE', count: 2 } });
    expect(w.queries.items.get('q1')?.waiting).toEqual({});
  });

  it('leaves an async company waiting on its token, stored before the call so a fast callback finds it', async () => {
    const w = world({ alipay: { kind: 'pending' } });
    await w.create();
    await prepareLookup(w.taskDeps, { queryId: 'q1' });
    let tokenAtCall: string | undefined;
    const connector = w.taskDeps.connector;
    const deps = {
      ...w.taskDeps,
      connector: {
        requestCount: async (...args: Parameters<typeof connector.requestCount>) => {
          tokenAtCall = w.queries.items.get('q1')?.waiting?.alipay;
          return connector.requestCount(...args);
        },
      },
    };
    const input = {
      queryId: 'q1',
      companyId: 'alipay',
      lookupId: lookupIdOf('alipay'),
      deadlineSeconds: 600,
    };
    expect(await callCompany(deps, { ...input, taskToken: 't-1' })).toEqual({
      companyId: 'alipay',
      status: 'PENDING',
    });
    expect(tokenAtCall).toBe('t-1');
    expect(w.tasks.resumed.size).toBe(0);
    expect(w.calls).toEqual([`alipay:${PHONE}:https://api.example/v1/partners/alipay/results`]);
    // A retried task waits on its new token.
    await callCompany(deps, { ...input, taskToken: 't-2' });
    expect(w.queries.items.get('q1')?.waiting?.alipay).toBe('t-2');
  });

  it.each([
    ['an asynchronous company: the async deadline', { mode: 'async', timeoutMs: 3_000, maxAttempts: 3 }, 600],
    ['a synchronous company: at least 60 s', { mode: 'sync', timeoutMs: 3_000, maxAttempts: 3 }, 60],
    [
      'a slow one: 3 × 20 s, 2 × 2 s backoff and 30 s',
      { mode: 'sync', timeoutMs: 20_000, maxAttempts: 3 },
      94,
    ],
    ['a company no longer in the registry: 60 s', undefined, 60],
  ] as const)('gives %s', (_case, entry, seconds) => {
    expect(companyDeadlineSeconds(entry, 600)).toBe(seconds);
  });

  it('lets PartnerUnavailableError through for the Catch, which marks the company UNAVAILABLE', async () => {
    const w = world({ jd: new PartnerUnavailableError('jd', 'timeout') });
    await w.create();
    await prepareLookup(w.taskDeps, { queryId: 'q1' });
    const input = { queryId: 'q1', companyId: 'jd', lookupId: lookupIdOf('jd') };
    await expect(
      callCompany(w.taskDeps, { ...input, deadlineSeconds: 60, taskToken: 't-1' }),
    ).rejects.toBeInstanceOf(PartnerUnavailableError);
    expect(w.tasks.resumed.size).toBe(0);
    expect(await markUnavailable(w.taskDeps, { ...input, reason: 'PartnerUnavailableError' })).toEqual({
      companyId: 'jd',
      status: 'UNAVAILABLE',
    });
    expect(w.logger.lines.at(-1)).toMatchObject({
      event: 'company_unavailable',
      fields: { companyId: 'jd', reason: 'PartnerUnavailableError' },
    });
  });

  it('names a passed deadline as such, and keeps a count that came just before the Catch ran', async () => {
    const w = world({ alipay: { kind: 'pending' }, kuaishou: { kind: 'pending' } });
    await w.create();
    await prepareLookup(w.taskDeps, { queryId: 'q1' });
    const input = (companyId: string) => ({ queryId: 'q1', companyId, lookupId: lookupIdOf(companyId) });
    expect(await markUnavailable(w.taskDeps, { ...input('alipay'), reason: 'States.Timeout' })).toEqual({
      companyId: 'alipay',
      status: 'UNAVAILABLE',
    });
    expect(w.logger.lines.at(-1)?.fields).toMatchObject({ companyId: 'alipay', reason: 'deadline' });
    await w.queries.recordResult('q1', 'kuaishou', { status: 'DONE', count: 4 });
    expect(await markUnavailable(w.taskDeps, { ...input('kuaishou'), reason: 'States.Timeout' })).toEqual({
      companyId: 'kuaishou',
      status: 'DONE',
      count: 4,
    });
  });

  it('renders a partial reply naming who did not answer, closing the open company, and sends it once', async () => {
    const w = world({ tencent: { kind: 'count', count: 2 }, jd: { kind: 'pending' } });
    await w.create();
    await prepareLookup(w.taskDeps, { queryId: 'q1' });
    await callCompany(w.taskDeps, {
      queryId: 'q1',
      companyId: 'tencent',
      lookupId: lookupIdOf('tencent'),
      deadlineSeconds: 60,
      taskToken: 't-1',
    });
    const replyDeps = w.taskDeps;
    await sendReply(replyDeps, { queryId: 'q1' });
    const text = w.queries.items.get('q1')?.replyText ?? '';
    expect(text).toContain('腾讯2；');
    expect(text).toContain('京东');
    expect(w.queries.items.get('q1')?.results?.jd).toEqual({ status: 'UNAVAILABLE' });
    expect(w.logger.lines.find((line) => line.event === 'company_unavailable')?.fields).toMatchObject({
      companyId: 'jd',
      reason: 'still open',
    });
    await recordDelivery({ queries: w.queries, clock: w.clock }, { queryId: 'q1' });
    await sendReply(replyDeps, { queryId: 'q1' });
    expect(w.sms.sent).toEqual([{ to: PHONE, text, idempotencyKey: 'reply-q1' }]);
    expect(w.queries.items.get('q1')).toMatchObject({ status: 'COMPLETED', smsSentAt: expect.any(String) });
    expect(w.queries.items.get('q1')).not.toHaveProperty('phoneEncrypted');
  });

  it('renders the reply from the outcomes the lookups ended with, claims and sends it without reading the query', async () => {
    const w = world({
      tencent: { kind: 'count', count: 2 },
      jd: new PartnerUnavailableError('jd', 'timeout'),
    });
    await w.create();
    const prepared = await prepareLookup(w.taskDeps, { queryId: 'q1' });
    await w.queries.recordResult('q1', 'tencent', { status: 'DONE', count: 2 });
    await w.queries.recordResult('q1', 'jd', { status: 'UNAVAILABLE' });
    let reads = 0;
    const queries = Object.assign(Object.create(w.queries), {
      get: (...args: Parameters<MemoryQueries['get']>) => {
        reads++;
        return w.queries.get(...args);
      },
    }) as MemoryQueries;
    const outcomes = [
      { companyId: 'tencent', status: 'DONE', count: 2 },
      { companyId: 'jd', status: 'UNAVAILABLE' },
    ];
    await sendReply({ ...w.taskDeps, queries }, { ...prepared, outcomes });
    expect(reads).toBe(0);
    const text =
      '【一证通查】尾号8000关联互联网账号数：腾讯2；京东暂时无法查询，请24小时后再查。详情及解绑见一证通查小程序。';
    expect(w.sms.sent).toEqual([{ to: PHONE, text, idempotencyKey: 'reply-q1' }]);
    expect(w.queries.items.get('q1')).toMatchObject({ replyText: text, replyClaimedAt: expect.any(String) });
    // A repeat (a retried task) finds the claim and sends nothing more.
    await sendReply({ ...w.taskDeps, queries }, { ...prepared, outcomes });
    expect(w.sms.sent).toHaveLength(1);
  });

  it.each([
    ['the lookups failed as a whole (an error object)', { Error: 'States.Runtime', Cause: 'x' }],
    [
      'a company ended without an outcome',
      [{ companyId: 'tencent', status: 'DONE', count: 2 }, { Payload: {} }],
    ],
  ])('reads the query when %s, and closes the company still open', async (_case, outcomes) => {
    const w = world({ tencent: { kind: 'count', count: 2 }, jd: { kind: 'pending' } });
    await w.create();
    const prepared = await prepareLookup(w.taskDeps, { queryId: 'q1' });
    await w.queries.recordResult('q1', 'tencent', { status: 'DONE', count: 2 });
    await sendReply(w.taskDeps, { ...prepared, outcomes });
    expect(w.queries.items.get('q1')?.results?.jd).toEqual({ status: 'UNAVAILABLE' });
    expect(w.sms.sent.map((message) => message.text)).toEqual([
      '【一证通查】尾号8000关联互联网账号数：腾讯2；京东暂时无法查询，请24小时后再查。详情及解绑见一证通查小程序。',
    ]);
  });

  describe('sendReply', () => {
    async function readyToSend() {
      const w = world({ tencent: { kind: 'count', count: 1 } });
      await w.create();
      // Rendered before: a retry after a refused send finds the text the first attempt stored.
      w.queries.must('q1').replyText = 'text';
      const deps = w.taskDeps;
      return { w, deps, events: () => w.logger.lines.map((line) => `${line.level}:${line.event}`) };
    }

    it('claims, sends once and leaves the recording to RecordDelivery', async () => {
      const { w, deps, events } = await readyToSend();
      await sendReply(deps, { queryId: 'q1' });
      expect(w.sms.sent).toHaveLength(1);
      expect(w.queries.items.get('q1')).toMatchObject({
        replyClaimedAt: w.clock.now().toISOString(),
        phoneEncrypted: expect.any(String),
      });
      expect(w.queries.items.get('q1')).not.toHaveProperty('smsSentAt');
      expect(events()).toEqual(['info:reply_sent']);
      // The gateway's message id is logged against the query, the key to its delivery status.
      expect(w.logger.lines[0]?.fields).toMatchObject({ queryId: 'q1', messageId: 'memory-1' });
    });

    it('gives the claim back and rethrows when the gateway refused, so a retry sends exactly once', async () => {
      const { w, deps, events } = await readyToSend();
      w.sms.outcomes = ['refused', 'refused'];
      await expect(sendReply(deps, { queryId: 'q1' })).rejects.toBeInstanceOf(SmsNotSentError);
      expect(w.queries.items.get('q1')).not.toHaveProperty('replyClaimedAt');
      w.clock.advance(2);
      await expect(sendReply(deps, { queryId: 'q1' })).rejects.toBeInstanceOf(SmsNotSentError);
      w.clock.advance(4);
      await sendReply(deps, { queryId: 'q1' });
      await recordDelivery({ queries: w.queries, clock: w.clock }, { queryId: 'q1' });
      expect(w.sms.sent).toHaveLength(1);
      expect(w.queries.items.get('q1')).toMatchObject({
        status: 'COMPLETED',
        smsSentAt: w.clock.now().toISOString(),
      });
      expect(events()).toEqual(['warn:sms_not_sent', 'warn:sms_not_sent', 'info:reply_sent']);
    });

    it('leaves a refused reply to the Catch: FAILED, nothing sent, number erased', async () => {
      const { w, deps } = await readyToSend();
      w.sms.outcomes = ['refused', 'refused', 'refused', 'refused'];
      for (let attempt = 0; attempt < 4; attempt++)
        await expect(sendReply(deps, { queryId: 'q1' })).rejects.toBeInstanceOf(SmsNotSentError);
      await recordFailure({ queries: w.queries, clock: w.clock, logger: w.logger }, { queryId: 'q1' });
      expect(w.sms.sent).toEqual([]);
      expect(w.queries.items.get('q1')?.status).toBe('FAILED');
      expect(w.queries.items.get('q1')).not.toHaveProperty('phoneEncrypted');
    });

    it('records a sent reply as delivered, not FAILED, when RecordDelivery failed and the Catch ran', async () => {
      const { w, deps, events } = await readyToSend();
      const claimedAt = w.clock.now().toISOString();
      await sendReply(deps, { queryId: 'q1' });
      w.clock.advance(30);
      await recordFailure({ queries: w.queries, clock: w.clock, logger: w.logger }, { queryId: 'q1' });
      expect(w.sms.sent).toHaveLength(1);
      expect(w.queries.items.get('q1')).toMatchObject({ status: 'COMPLETED', smsSentAt: claimedAt });
      expect(w.queries.items.get('q1')).not.toHaveProperty('phoneEncrypted');
      expect(events()).toEqual(['info:reply_sent', 'warn:reply_delivery_unconfirmed']);
    });

    it.each([
      ['the connection dropped after the gateway took it', 'delivered-then-lost', 1],
      ['no answer came at all', 'lost', 0],
    ] as const)(
      'does not send again when %s: COMPLETED at the claim time, unconfirmed, number erased',
      async (_case, outcome, delivered) => {
        const { w, deps, events } = await readyToSend();
        const claimedAt = w.clock.now().toISOString();
        w.sms.outcomes = [outcome];
        await sendReply(deps, { queryId: 'q1' });
        w.clock.advance(30);
        await sendReply(deps, { queryId: 'q1' });
        await recordDelivery({ queries: w.queries, clock: w.clock }, { queryId: 'q1' });
        expect(w.sms.sent).toHaveLength(delivered);
        expect(w.queries.items.get('q1')).toMatchObject({ status: 'COMPLETED', smsSentAt: claimedAt });
        expect(w.queries.items.get('q1')).not.toHaveProperty('phoneEncrypted');
        expect(events()).toEqual(['warn:reply_delivery_unconfirmed']);
        expect(w.logger.lines[0]?.fields).toEqual({ queryId: 'q1' });
      },
    );

    it('does not send again after a crash while the claim was held (claimed, never given back)', async () => {
      const { w, deps, events } = await readyToSend();
      const claimedAt = w.clock.now().toISOString();
      await w.queries.claimReply('q1', claimedAt, 'text');
      w.clock.advance(600);
      await sendReply(deps, { queryId: 'q1' });
      expect(w.sms.sent).toEqual([]);
      expect(w.queries.items.get('q1')).toMatchObject({ status: 'COMPLETED', smsSentAt: claimedAt });
      expect(w.queries.items.get('q1')).not.toHaveProperty('phoneEncrypted');
      expect(events()).toEqual(['warn:reply_delivery_unconfirmed']);
    });
  });
});

describe('recordPartnerResult', () => {
  const SECRETS: Record<string, string> = { alipay: 'alipay-secret', jd: 'jd-secret' };
  async function opened() {
    const w = world({ alipay: { kind: 'pending' } });
    await w.create();
    await prepareLookup(w.taskDeps, { queryId: 'q1' });
    const registry = {
      list: () => [],
      find: (id: string) => (SECRETS[id] ? partner(id) : undefined),
      secret: async (id: string) => SECRETS[id] ?? '',
    };
    const deps = {
      registry,
      signer: hmacSigner,
      lookups: w.lookups,
      queries: w.queries,
      tasks: w.tasks,
      clock: w.clock,
      logger: w.logger,
    };
    // The workflow's CallCompany stored the token its task waits on, then the company answered 202.
    await w.queries.awaitCallback('q1', 'alipay', 't-alipay');
    const callback = (
      companyId: string,
      body: unknown,
      secret = SECRETS[companyId] ?? 'x',
      at = w.clock.now(),
    ) => {
      const rawBody = JSON.stringify(body);
      const timestamp = String(epochSeconds(at));
      return recordPartnerResult(deps, {
        companyId,
        rawBody,
        timestamp,
        signature: hmacSigner.sign(secret, timestamp, rawBody),
      });
    };
    return { w, callback };
  }

  it('records a callback once, resumes the waiting task with it, and accepts the same result again', async () => {
    const { w, callback } = await opened();
    expect(await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 3 })).toEqual({
      resumed: 'sent',
    });
    expect(w.tasks.resumed.get('t-alipay')).toEqual({ companyId: 'alipay', status: 'DONE', count: 3 });
    // The repeat sends the token again (the first callback may have stopped before it could).
    expect(await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 3 })).toEqual({
      resumed: 'gone',
    });
    expect(w.queries.items.get('q1')?.results?.alipay).toEqual({ status: 'DONE', count: 3 });
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 4 })).rejects.toBeInstanceOf(
      LookupClosedError,
    );
  });

  it('answers a company that already answered at once: 204 for the same count (no task to resume), else 409', async () => {
    const { w, callback } = await opened();
    await w.queries.recordResult('q1', 'alipay', { status: 'DONE', count: 2 });
    w.queries.must('q1').waiting = {};
    expect(await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 2 })).toEqual({
      resumed: 'no task',
    });
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 5 })).rejects.toBeInstanceOf(
      LookupClosedError,
    );
  });

  it('keeps a count that came as the deadline passed (the token timed out): the Catch path reads it', async () => {
    const { w, callback } = await opened();
    w.tasks.timedOut.add('t-alipay');
    expect(await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 2 })).toEqual({
      resumed: 'timed-out',
    });
    expect(
      await markUnavailable(w.taskDeps, {
        queryId: 'q1',
        companyId: 'alipay',
        lookupId: lookupIdOf('alipay'),
        reason: 'States.Timeout',
      }),
    ).toEqual({ companyId: 'alipay', status: 'DONE', count: 2 });
  });

  it('answers 409 LOOKUP_CLOSED once the deadline has closed the lookup', async () => {
    const { w, callback } = await opened();
    await markUnavailable(w.taskDeps, {
      queryId: 'q1',
      companyId: 'alipay',
      lookupId: lookupIdOf('alipay'),
      reason: 'States.Timeout',
    });
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 2 })).rejects.toBeInstanceOf(
      LookupClosedError,
    );
    expect(w.tasks.resumed.size).toBe(0);
  });

  it('asks the company to call again (503) when the task could not be resumed, and resumes it then', async () => {
    const { w, callback } = await opened();
    w.tasks.failures = 1;
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 3 })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 3 })).toEqual({
      resumed: 'sent',
    });
    expect(w.tasks.resumed.get('t-alipay')).toEqual({ companyId: 'alipay', status: 'DONE', count: 3 });
  });

  it('checks in docs/api.md order: company, signature, body, lookup', async () => {
    const { w, callback } = await opened();
    await expect(callback('acme', { lookupId: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(callback('alipay', { lookupId: 'x' }, 'wrong-secret')).rejects.toBeInstanceOf(
      BadSignatureError,
    );
    const stale = new Date(w.clock.now().getTime() - 301_000);
    await expect(
      callback('alipay', { lookupId: lookupIdOf('alipay'), count: 1 }, undefined, stale),
    ).rejects.toBeInstanceOf(BadSignatureError);
    await expect(callback('alipay', { lookupId: 'x' })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(callback('jd', { lookupId: lookupIdOf('alipay'), count: 1 })).rejects.toBeInstanceOf(
      LookupNotFoundError,
    );
    await expect(callback('alipay', { lookupId: 'nope', count: 1 })).rejects.toBeInstanceOf(
      LookupNotFoundError,
    );
    await w.queries.recordResult('q1', 'alipay', { status: 'UNAVAILABLE' });
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 1 })).rejects.toBeInstanceOf(
      LookupClosedError,
    );
  });
});
