import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzService } from './support/fuzz-run.ts';
import { call } from './support/http.ts';
import { signedAs } from './support/partner.ts';
import { findPersonalData, serviceTexts } from './support/privacy.ts';
import { startTestService, type TestService } from './support/service.ts';

/** Requests the fuzz run sends: at least 2,000 here; `npm run bench` sends more. */
const BATCHES = 200;
const BATCH_SIZE = 10;

describe('every route under hostile input', () => {
  let t: TestService;
  let tokens: string[];
  const bodies: { source: string; text: string }[] = [];

  beforeAll(async () => {
    t = await startTestService({ subscribers: 20 });
    tokens = await Promise.all([
      t.journey.session(),
      t.journey.session('weapp', 'wx-login'),
      t.journey.session('alipay', 'ali-login'),
    ]);
  });
  afterAll(() => t?.service.close());

  it(`answers ${BATCHES * BATCH_SIZE} generated requests with catalogued 4xx codes, never a 5xx`, async () => {
    // Prepare: a real query exists, so odd ids and swapped tokens meet real data.
    const subscriber = t.subscribers[0];
    if (!subscriber) throw new Error('no subscriber');
    await t.journey.accepted(subscriber);

    // Act
    const report = await fuzzService({
      baseUrl: t.service.baseUrl,
      tokens,
      batches: BATCHES,
      batchSize: BATCH_SIZE,
      signer: signedAs,
      onResponse: (req, res) => {
        if (res.status >= 400)
          bodies.push({ source: `error body of ${req.method} ${req.path.slice(0, 60)}`, text: res.text });
      },
    });

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.requests).toBeGreaterThanOrEqual(BATCHES * BATCH_SIZE);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });

  it.each([
    '/v1/queries/%E0%A4%A',
    '/v1/queries/%FF',
    '/v1/queries/%',
    '/v1/queries/%uD800',
    '/v1/partners/%FF/results',
  ])('answers a malformed escape in %s with a 4xx error code, not a 500', async (path) => {
    const token = tokens[0] ?? '';
    const method = path.startsWith('/v1/partners') ? 'POST' : 'GET';
    const res = await call(t.service.baseUrl, method, path, {
      token,
      body: method === 'POST' ? {} : undefined,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((res.json as { error: { code: string } }).error.code).toMatch(
      /^(NOT_FOUND|QUERY_NOT_FOUND|INVALID_REQUEST|UNAUTHORIZED|BAD_SIGNATURE)$/,
    );
  });

  it('is still healthy and still serves a whole journey afterwards', async () => {
    const health = await call(t.service.baseUrl, 'GET', '/v1/health');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    const subscriber = t.subscribers[1];
    if (!subscriber) throw new Error('no subscriber');
    const { token, queryId } = await t.journey.accepted(subscriber);
    const final = await t.journey.waitForFinal(token, queryId);
    expect(final.status).toBe('COMPLETED');
  });

  it('leaves no number, ID suffix or code in any table item, log line or error body', async () => {
    await t.service.idle();
    const outbox = await t.journey.outbox();
    const codes = outbox.flatMap((sms) => /验证码为(\d{6})/.exec(sms.text)?.[1] ?? []);
    const hits = findPersonalData([...(await serviceTexts(t.service)), ...bodies], {
      phones: [...t.subscribers.map((s) => s.phone), ...outbox.map((sms) => sms.to)],
      idSuffixes: t.subscribers.map((s) => s.idSuffix),
      codes,
    });
    expect(hits).toEqual([]);
  });
});
