import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@occ/local';
import { TASK_HANDLERS } from '@occ/local/handlers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from './support/http.ts';
import { interceptEndpoint, isReplyPublish, snsError } from './support/intercept.ts';
import { Journey, makeSubscribers, replies, waitFor } from './support/journey.ts';
import { closePartner, findLookup, partnerSecret, postCallback, standInPartner } from './support/partner.ts';
import {
  quickScenario,
  startOnDisk,
  startTestService,
  subscriberSupply,
  type TestService,
} from './support/service.ts';

type Company = { id: string; status: string; count?: number };
const company = (final: Record<string, unknown>, id: string) =>
  (final.companies as Company[]).find((c) => c.id === id);

describe('partners that fail', () => {
  let t: TestService;
  let fake: Server;
  const fresh = subscriberSupply(() => t);

  beforeAll(async () => {
    t = await startTestService({
      subscribers: 10,
      scenario: (subscribers) => {
        const base = quickScenario(subscribers);
        return {
          ...base,
          companies: {
            ...base.companies,
            alibaba: { latencyMs: 5, failRate: 1 },
            baidu: {
              latencyMs: 5,
              failFirst: 1,
              accounts: Object.fromEntries(subscribers.map((s) => [s.phone, 4])),
            },
            kuaishou: { down: true },
            tencent: { mode: 'async', latencyMs: 600_000 },
          },
        };
      },
    });
    // Meituan answers with bodies that are not the partner API: the service must treat them as failures.
    let call = 0;
    const malformed = [
      'not json',
      '{"lookupId":"x","count":"many"}',
      '{"count":-1}',
      '[]',
      '{"lookupId":1,"count":1e400}',
    ];
    fake = await standInPartner('meituan', (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(malformed[call++ % malformed.length]);
      });
    });
  });
  afterAll(async () => {
    await t?.service.close();
    await closePartner(fake);
  });

  it('reports 500s, timeouts and malformed answers as unavailable, retries a passing failure, and still replies once', async () => {
    const subscriber = fresh();
    const { token, queryId } = await t.journey.accepted(subscriber);
    const lookup = await waitFor(() => findLookup(t.service.tableItems, queryId, 'tencent'));
    await postCallback(t.service.baseUrl, 'tencent', { lookupId: lookup.lookupId, count: 1 });

    const final = await t.journey.waitForFinal(token, queryId);

    expect(final.status).toBe('COMPLETED');
    expect(company(final, 'alibaba')?.status).toBe('UNAVAILABLE');
    expect(company(final, 'kuaishou')?.status).toBe('UNAVAILABLE');
    expect(company(final, 'meituan')?.status).toBe('UNAVAILABLE');
    expect(company(final, 'baidu')).toEqual({ id: 'baidu', status: 'DONE', count: 4 });
    expect(company(final, 'tencent')).toEqual({ id: 'tencent', status: 'DONE', count: 1 });
    await t.service.idle();
    const sent = replies(await t.journey.outbox(subscriber.phone));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toMatch(/阿里巴巴、快手、美团暂时无法查询/);
    expect(sent[0]?.segments).toBeLessThanOrEqual(2);
  });

  it('refuses bad signatures, stale timestamps, other companies and malformed callbacks, then counts the real one', async () => {
    const { token, queryId } = await t.journey.accepted(fresh());
    const lookup = await waitFor(() => findLookup(t.service.tableItems, queryId, 'tencent'));
    const result = { lookupId: String(lookup.lookupId), count: 7 };
    const now = Math.floor(Date.now() / 1000);

    const refused = await Promise.all([
      postCallback(t.service.baseUrl, 'tencent', result, { secret: 'not-the-secret' }),
      postCallback(t.service.baseUrl, 'tencent', result, { secret: partnerSecret('baidu') }),
      postCallback(t.service.baseUrl, 'tencent', result, { timestamp: now - 301 }),
      postCallback(t.service.baseUrl, 'tencent', result, { timestamp: now + 301 }),
      postCallback(t.service.baseUrl, 'tencent', result, { signature: '0'.repeat(64) }),
      postCallback(t.service.baseUrl, 'tencent', result, { signature: 'zz' }),
    ]);
    const otherCompany = await postCallback(t.service.baseUrl, 'baidu', result);
    const unknownCompany = await postCallback(t.service.baseUrl, 'nosuchco', result, { secret: 'x' });
    const malformed = await Promise.all(
      [
        '{',
        '{"lookupId":"x"}',
        JSON.stringify({ ...result, count: -1 }),
        JSON.stringify({ ...result, extra: 1 }),
      ].map((rawBody) => postCallback(t.service.baseUrl, 'tencent', result, { rawBody })),
    );
    const pending = await t.journey.getQuery(token, queryId);
    const accepted = await postCallback(t.service.baseUrl, 'tencent', result);
    const final = await t.journey.waitForFinal(token, queryId);

    expect(refused.map((res) => [res.status, errorCode(res)])).toEqual(Array(6).fill([401, 'BAD_SIGNATURE']));
    expect([otherCompany.status, errorCode(otherCompany)]).toEqual([404, 'LOOKUP_NOT_FOUND']);
    expect([unknownCompany.status, errorCode(unknownCompany)]).toEqual([404, 'NOT_FOUND']);
    expect(malformed.map((res) => [res.status, errorCode(res)])).toEqual(
      Array(4).fill([400, 'INVALID_REQUEST']),
    );
    expect(company(pending.json as Record<string, unknown>, 'tencent')?.status).toBe('PENDING');
    expect(accepted.status).toBe(204);
    expect(company(final, 'tencent')).toEqual({ id: 'tencent', status: 'DONE', count: 7 });
  });
});

describe('SNS that throttles and fails', () => {
  let t: TestService;
  const fresh = subscriberSupply(() => t);
  beforeAll(async () => {
    t = await startTestService({ subscribers: 10 });
  });
  afterAll(() => t?.service.close());

  it.each([
    ['throttling', snsError(400, 'Throttling')],
    ['internal failures', snsError(500, 'InternalError')],
  ])('sends the reply once after %s, retrying', async (_name, failure) => {
    const subscriber = fresh();
    let failuresLeft = 4; // more than the SDK's own 3 attempts: the workflow's retry must take over
    const sns = await interceptEndpoint('AWS_ENDPOINT_URL_SNS', (exchange) => {
      if (!isReplyPublish(exchange) || failuresLeft <= 0) return 'forward';
      failuresLeft--;
      return failure;
    });
    try {
      const { token, queryId } = await t.journey.accepted(subscriber);
      const final = await t.journey.waitForFinal(token, queryId);
      await t.service.idle();

      expect(failuresLeft).toBe(0);
      expect(final.status).toBe('COMPLETED');
      expect(replies(await t.journey.outbox(subscriber.phone))).toHaveLength(1);
      expect(sns.seen.filter(isReplyPublish).length).toBeGreaterThan(4);
    } finally {
      await sns.restore();
    }
  });

  it('marks the query FAILED and erases the number when SNS never accepts the reply', async () => {
    const subscriber = fresh();
    const sns = await interceptEndpoint('AWS_ENDPOINT_URL_SNS', (exchange) =>
      isReplyPublish(exchange) ? snsError(500, 'InternalError') : 'forward',
    );
    try {
      const { token, queryId } = await t.journey.accepted(subscriber);
      const final = await t.journey.waitForFinal(token, queryId);
      await t.service.idle();

      expect(final.status).toBe('FAILED');
      expect(replies(await t.journey.outbox(subscriber.phone))).toEqual([]);
      const item = ((await t.service.tableItems()).queries ?? []).find((q) => q.queryId === queryId);
      expect(item).toBeDefined();
      expect(
        Object.keys(item ?? {}).filter((key) => /phone/i.test(key) && !/hash|masked/i.test(key)),
      ).toEqual([]);
    } finally {
      await sns.restore();
    }
  });
});

describe('a crash between sending the reply and recording it', () => {
  const folder = mkdtempSync(join(tmpdir(), 'occ-crash-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('sends no second SMS when the service resumes', async () => {
    // Prepare: record-delivery never returns in the first life of the service, as if the process died there.
    const subscribers = makeSubscribers(2, 500);
    const subscriber = subscribers[0];
    if (!subscriber) throw new Error('no subscriber');
    const recordDelivery = TASK_HANDLERS['record-delivery'];
    if (!recordDelivery) throw new Error('no record-delivery handler');
    let reached!: () => void;
    const crashPoint = new Promise<void>((resolve) => {
      reached = resolve;
    });
    TASK_HANDLERS['record-delivery'] = () => {
      reached();
      return new Promise(() => {});
    };
    let first: RunningService | undefined;
    let second: RunningService | undefined;
    try {
      first = await startOnDisk(folder, subscribers);
      const journey = new Journey(first.baseUrl);
      const { token, queryId } = await journey.accepted(subscriber);
      await crashPoint;
      expect(replies(await journey.outbox(subscriber.phone))).toHaveLength(1);
      await first.close();

      // Act: the service starts again on the same data and resumes the unfinished query.
      TASK_HANDLERS['record-delivery'] = recordDelivery;
      second = await startOnDisk(folder, subscribers);
      const again = new Journey(second.baseUrl);
      const final = await again.waitForFinal(token, queryId);
      await second.idle();

      // Assess
      expect(final.status).toBe('COMPLETED');
      expect(replies(await again.outbox(subscriber.phone))).toHaveLength(1);
    } finally {
      TASK_HANDLERS['record-delivery'] = recordDelivery;
      await first?.close();
      await second?.close();
    }
  });
});
