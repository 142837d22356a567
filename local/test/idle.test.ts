import { afterAll, describe, expect, it } from 'vitest';
import type { RunningService, Scenario } from '../src/index.ts';
import { Client, start } from './support.ts';

const QUERIES = 150;

/** Many in-service numbers and eight companies that all answer at once. */
function manyLookupsScenario(): Scenario {
  const fast = { mode: 'sync' as const, latencyMs: 5, accounts: {} };
  return {
    subscribers: Array.from({ length: QUERIES }, (_, i) => ({
      phone: `136${String(20_000_000 + i)}`,
      idSuffix: '110011',
      inService: true,
    })),
    companies: Object.fromEntries(
      ['tencent', 'alibaba', 'alipay', 'baidu', 'kuaishou', 'douyin', 'jd', 'meituan'].map((id) => [
        id,
        fast,
      ]),
    ),
    service: { partnerTimeoutMs: 2_000, partnerMaxAttempts: 2 },
  };
}

describe('idle() with many lookups running', () => {
  let service: RunningService | undefined;
  afterAll(async () => {
    await service?.close();
  });

  it('resolves once every accepted query has completed', async () => {
    // Prepare
    const scenario = manyLookupsScenario();
    service = await start({ scenario });
    const baseUrl = service.baseUrl;
    // Waves of 25: many logins, codes and submissions at once on a shared two-core machine can
    // push a carrier check past its 3 s timeout (an honest 503; waves of 50 did, once, beside
    // another synth). The lookups of earlier waves keep running while later ones are submitted,
    // so many are still open when idle() is called.
    const WAVE = 25;
    const accepted: { client: Client; queryId: string }[] = [];
    for (let first = 0; first < QUERIES; first += WAVE) {
      const wave = scenario.subscribers.slice(first, first + WAVE);
      accepted.push(
        ...(await Promise.all(
          wave.map(async ({ phone, idSuffix }) => {
            const client = await new Client(baseUrl).login();
            const reply = await client.submitWithFreshCode({ phone, idSuffix });
            expect(reply.status).toBe(202);
            return { client, queryId: String(reply.body.queryId) };
          }),
        )),
      );
    }

    // Act
    await service.idle();

    // Assess: read once, no polling: idle() must not resolve before the work is done.
    const views = await Promise.all(accepted.map(({ client, queryId }) => client.query(queryId)));
    expect(views.map((view) => view.body.status)).toEqual(Array(QUERIES).fill('COMPLETED'));
    expect(views.every((view) => typeof view.body.smsSentAt === 'string')).toBe(true);
  });
});

describe('holdLookups()', () => {
  let service: RunningService | undefined;
  afterAll(async () => {
    await service?.close();
  });

  it('keeps accepted queries in the queue until released, then they complete', async () => {
    // Prepare
    const scenario = manyLookupsScenario();
    service = await start({ scenario });
    const release = service.holdLookups();
    const client = await new Client(service.baseUrl).login();
    const [first, second] = scenario.subscribers;
    const ids = [];
    for (const subscriber of [first, second]) {
      const reply = await client.submitWithFreshCode({
        phone: String(subscriber?.phone),
        idSuffix: String(subscriber?.idSuffix),
      });
      expect(reply.status).toBe(202);
      ids.push(String(reply.body.queryId));
    }

    // Act: nothing starts while held; released, both complete.
    const held = await Promise.all(ids.map((id) => client.query(id)));
    release();
    await service.idle();
    const done = await Promise.all(ids.map((id) => client.query(id)));

    // Assess
    expect(held.map((view) => view.body.status)).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(done.map((view) => view.body.status)).toEqual(['COMPLETED', 'COMPLETED']);
  });
});
