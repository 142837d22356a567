import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileId, pathSegment } from './support/fuzz.ts';
import { fuzzService } from './support/fuzz-run.ts';
import { call, errorCode, send } from './support/http.ts';
import { postCallback, signedAs } from './support/partner.ts';
import { findPersonalData, serviceTexts } from './support/privacy.ts';
import { startTestService, type TestService } from './support/service.ts';

/** Requests the fuzz run sends: at least 2,000 here; `npm run bench` sends more. */
const BATCHES = 200;
const BATCH_SIZE = 10;
const OUTPUT = fileURLToPath(new URL('./test-output/', import.meta.url));

describe('every route under hostile input', () => {
  let t: TestService;
  let tokens: string[];
  /** The session that owns `queryId`, a real query whose lookups are `lookupIds`. */
  let owner: string;
  let queryId: string;
  let lookupIds: string[];
  const bodies: { source: string; text: string }[] = [];

  beforeAll(async () => {
    t = await startTestService({ subscribers: 20 });
    // A real query exists, so odd ids, look-alike ids and swapped tokens meet real data.
    const subscriber = t.subscribers[0];
    if (!subscriber) throw new Error('no subscriber');
    ({ token: owner, queryId } = await t.journey.accepted(subscriber));
    await t.service.idle();
    lookupIds = ((await t.service.tableItems()).lookups ?? []).map((item) => String(item.lookupId));
    tokens = [
      owner,
      ...(await Promise.all([
        t.journey.session(),
        t.journey.session('weapp', 'wx-login'),
        t.journey.session('alipay', 'ali-login'),
      ])),
    ];
  });
  afterAll(() => t?.service.close());

  it(`answers ${BATCHES * BATCH_SIZE} generated requests with catalogued 4xx codes, never a 5xx`, async () => {
    // Act
    const report = await fuzzService({
      baseUrl: t.service.baseUrl,
      tokens,
      batches: BATCHES,
      batchSize: BATCH_SIZE,
      signer: signedAs,
      ids: [queryId, ...lookupIds],
      onResponse: (req, res) => {
        if (res.status >= 400)
          bodies.push({ source: `error body of ${req.method} ${req.path.slice(0, 60)}`, text: res.text });
      },
    });

    // Assess (the counts are kept for the record beside the other test output)
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(
      join(OUTPUT, 'fuzz-report.json'),
      JSON.stringify({ requests: report.requests, byStatus: report.byStatus }, null, 2),
    );
    expect(report.violations).toEqual([]);
    expect(report.requests).toBeGreaterThanOrEqual(BATCHES * BATCH_SIZE);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
  });

  it.each([
    ['2,049 characters (past the key limit)', 'a'.repeat(2049)],
    ['2,048 characters', 'a'.repeat(2048)],
    ['upper case', () => queryId.toUpperCase()],
    ['a Cyrillic а', () => queryId.replace(/[a-f]/, '\u0430')],
    ['a zero-width space', () => `${queryId}\u200B`],
    ['a NUL', () => `${queryId}\u0000`],
    ['1,000 Chinese characters', '中'.repeat(1000)],
  ])('answers an id of %s with 404 QUERY_NOT_FOUND, even to the owner', async (_name, id) => {
    const raw = typeof id === 'function' ? id() : id;
    const res = await send(t.service.baseUrl, {
      method: 'GET',
      path: `/v1/queries/${pathSegment(raw)}`,
      headers: { authorization: `Bearer ${owner}` },
    });
    expect([res.status, errorCode(res)]).toEqual([404, 'QUERY_NOT_FOUND']);
  });

  it('answers the owner with the query for its real id, and 404 for every hostile id', async () => {
    expect((await t.journey.getQuery(owner, queryId)).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(hostileId([queryId]), async (id) => {
        const res = await send(t.service.baseUrl, {
          method: 'GET',
          path: `/v1/queries/${pathSegment(id)}`,
          headers: { authorization: `Bearer ${owner}` },
        });
        expect([res.status, errorCode(res)]).toEqual([404, 'QUERY_NOT_FOUND']);
      }),
      { numRuns: 200 },
    );
  });

  it('answers a signed callback for a hostile lookup id with 404 LOOKUP_NOT_FOUND', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId(lookupIds), async (lookupId) => {
        const body = JSON.stringify({ lookupId, count: 1 });
        const res = await postCallback(t.service.baseUrl, 'tencent', null, { rawBody: body });
        // A body over 4 KiB is refused for its size first (docs/api.md: shape before contents).
        expect([res.status, errorCode(res)]).toEqual(
          Buffer.byteLength(body) > 4096 ? [400, 'INVALID_REQUEST'] : [404, 'LOOKUP_NOT_FOUND'],
        );
      }),
      { numRuns: 200 },
    );
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
