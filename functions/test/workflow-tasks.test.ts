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
  SmsNotSentError,
} from '../src/errors.ts';
import { epochSeconds } from '../src/ports/clock.ts';
import type { PartnerAnswer, PartnerConnector } from '../src/ports/partners.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import { callCompany, checkCallback, markUnavailable, prepareLookup } from '../src/use-cases/lookup-tasks.ts';
import { recordPartnerResult } from '../src/use-cases/record-partner-result.ts';
import { aggregateResults, recordDelivery, recordFailure, sendReply } from '../src/use-cases/reply-tasks.ts';
import { FakeClock, keyring, MemoryLogger, MemoryLookups, MemoryQueries, MemorySms } from './fakes.ts';

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
  };
  return { clock, queries, lookups, logger, sms, calls, taskDeps, create: () => queries.create(query) };
}

describe('the lookup workflow tasks', () => {
  it('prepares once: LOOKING_UP, one open lookup per company, and a stop for a replied query', async () => {
    const w = world({ tencent: { kind: 'count', count: 2 }, alipay: { kind: 'pending' } });
    await w.create();
    const prepared = await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' });
    expect(prepared).toEqual({
      queryId: 'q1',
      next: 'LOOKUP',
      companies: [
        { queryId: 'q1', companyId: 'tencent', lookupId: lookupIdOf('tencent'), pollSeconds: 5 },
        { queryId: 'q1', companyId: 'alipay', lookupId: lookupIdOf('alipay'), pollSeconds: 5 },
      ],
    });
    expect(w.queries.items.get('q1')?.status).toBe('LOOKING_UP');
    await recordDelivery({ queries: w.queries, clock: w.clock }, { queryId: 'q1' });
    expect(await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' })).toEqual({
      queryId: 'q1',
      next: 'DONE',
    });
  });

  it('sends a REJECTED query straight to the reply', async () => {
    const w = world({}, 'REJECTED');
    await w.create();
    expect(await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' })).toEqual({
      queryId: 'q1',
      next: 'REPLY',
    });
  });

  it('records a sync count, sets an async deadline, and never asks a closed lookup again', async () => {
    const w = world({ tencent: { kind: 'count', count: 2 }, alipay: { kind: 'pending' } });
    await w.create();
    await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' });
    const input = (companyId: string) => ({ queryId: 'q1', companyId, lookupId: lookupIdOf(companyId) });
    expect(await callCompany(w.taskDeps, input('tencent'))).toEqual({ status: 'DONE' });
    expect(await callCompany(w.taskDeps, input('alipay'))).toEqual({ status: 'PENDING' });
    expect(await callCompany(w.taskDeps, input('tencent'))).toEqual({ status: 'DONE' });
    expect(w.calls).toEqual([
      `tencent:${PHONE}:-`,
      `alipay:${PHONE}:https://api.example/v1/partners/alipay/results`,
    ]);
    expect(w.lookups.items.get(lookupIdOf('alipay'))?.deadlineAt).toBe(epochSeconds(w.clock.now()) + 600);
    expect(await checkCallback(w.taskDeps, input('alipay'))).toEqual({ status: 'PENDING' });
    w.clock.advance(600);
    expect(await checkCallback(w.taskDeps, input('alipay'))).toEqual({ status: 'UNAVAILABLE' });
  });

  it('lets PartnerUnavailableError through for the Catch, which marks the company UNAVAILABLE', async () => {
    const w = world({ jd: new PartnerUnavailableError('jd', 'timeout') });
    await w.create();
    await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' });
    const input = { queryId: 'q1', companyId: 'jd', lookupId: lookupIdOf('jd') };
    await expect(callCompany(w.taskDeps, input)).rejects.toBeInstanceOf(PartnerUnavailableError);
    expect(
      await markUnavailable(w.taskDeps, { ...input, failure: { Error: 'PartnerUnavailableError' } }),
    ).toEqual({
      status: 'UNAVAILABLE',
    });
  });

  it('aggregates the counts into a partial reply naming who did not answer, and sends it once', async () => {
    const w = world({ tencent: { kind: 'count', count: 2 }, jd: { kind: 'pending' } });
    await w.create();
    await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' });
    await callCompany(w.taskDeps, { queryId: 'q1', companyId: 'tencent', lookupId: lookupIdOf('tencent') });
    await aggregateResults(w.taskDeps, { queryId: 'q1' });
    const text = w.queries.items.get('q1')?.replyText ?? '';
    expect(text).toContain('腾讯2个');
    expect(text).toContain('京东暂未返回结果');
    expect(w.lookups.items.get(lookupIdOf('jd'))?.status).toBe('UNAVAILABLE');
    const replyDeps = { queries: w.queries, keyring, sms: w.sms, clock: w.clock, logger: w.logger };
    await sendReply(replyDeps, { queryId: 'q1' });
    await recordDelivery({ queries: w.queries, clock: w.clock }, { queryId: 'q1' });
    await sendReply(replyDeps, { queryId: 'q1' });
    expect(w.sms.sent).toEqual([{ to: PHONE, text, idempotencyKey: 'reply-q1' }]);
    expect(w.queries.items.get('q1')).toMatchObject({ status: 'COMPLETED', smsSentAt: expect.any(String) });
    expect(w.queries.items.get('q1')).not.toHaveProperty('phoneEncrypted');
  });

  describe('sendReply', () => {
    async function readyToSend() {
      const w = world({ tencent: { kind: 'count', count: 1 } });
      await w.create();
      await w.queries.saveReply('q1', 'text');
      const deps = { queries: w.queries, keyring, sms: w.sms, clock: w.clock, logger: w.logger };
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
      expect(events()).toEqual(['warn:reply_not_sent', 'warn:reply_not_sent', 'info:reply_sent']);
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
      await w.queries.claimReply('q1', claimedAt);
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
    await prepareLookup({ ...w.taskDeps, pollSeconds: 5 }, { queryId: 'q1' });
    const registry = {
      list: () => [],
      find: (id: string) => (SECRETS[id] ? partner(id) : undefined),
      secret: async (id: string) => SECRETS[id] ?? '',
    };
    const deps = { registry, signer: hmacSigner, lookups: w.lookups, clock: w.clock };
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

  it('records a callback once and accepts the same result again', async () => {
    const { w, callback } = await opened();
    await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 3 });
    await callback('alipay', { lookupId: lookupIdOf('alipay'), count: 3 });
    expect(w.lookups.items.get(lookupIdOf('alipay'))).toMatchObject({ status: 'DONE', count: 3 });
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 4 })).rejects.toBeInstanceOf(
      LookupClosedError,
    );
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
    await w.lookups.markUnavailable(lookupIdOf('alipay'));
    await expect(callback('alipay', { lookupId: lookupIdOf('alipay'), count: 1 })).rejects.toBeInstanceOf(
      LookupClosedError,
    );
  });
});
