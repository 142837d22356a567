import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../src/adapters/partners/signing.ts';
import { answerCarrier } from '../src/sandbox/carrier.ts';
import { decideCompanyCall } from '../src/sandbox/companies.ts';
import { findSubscriber, loadScenario, parseScenario, type Scenario } from '../src/sandbox/scenario.ts';

const NOW = 1_800_000_000;
const SECRET = 'simulation-secret';
const scenario: Scenario = parseScenario({
  subscribers: [{ phone: '13800138000', idSuffix: '01234X', inService: true }],
  subscriberRanges: [{ prefix: '1990000', idSuffix: '000000', inService: true }],
  companies: {
    tencent: { mode: 'sync', latencyMs: 10, accounts: { '13800138000': 2 } },
    alipay: { mode: 'async', latencyMs: 1500, accounts: { '13800138000': 1 } },
    baidu: { down: true },
    jd: { failFirst: 1 },
  },
});

const signed = (body: object) => {
  const text = JSON.stringify(body);
  return { headers: signedHeaders(SECRET, text, NOW) as Record<string, string>, body: text };
};

describe('sandbox scenario', () => {
  it('finds listed subscribers first, then any mainland number in a range', () => {
    expect(findSubscriber(scenario, '13800138000')?.idSuffix).toBe('01234X');
    expect(findSubscriber(scenario, '19900001234')).toEqual({
      phone: '19900001234',
      idSuffix: '000000',
      inService: true,
    });
    expect(findSubscriber(scenario, '1990000123')).toBeUndefined();
    expect(findSubscriber(scenario, '13900139000')).toBeUndefined();
  });

  it('ships a demo scenario with a range for repeated smoke runs', () => {
    expect(loadScenario(undefined).subscriberRanges?.[0]).toMatchObject({
      prefix: '1990000',
      inService: true,
    });
  });

  it.each([
    [{ subscribers: 'x' }, '"subscribers" must be an array'],
    [{ subscribers: [], subscriberRanges: [{ prefix: '2', idSuffix: '000000' }] }, 'prefix'],
  ])('refuses a malformed scenario', (raw, reason) => {
    expect(() => parseScenario(raw)).toThrow(reason);
  });
});

describe('answerCarrier', () => {
  it('answers status and owner checks for signed requests only', () => {
    const status = signed({ phone: '19900007777' });
    expect(answerCarrier(scenario, SECRET, NOW, { path: '/v1/subscribers/status', ...status })).toEqual({
      status: 200,
      body: { inService: true },
    });
    const owner = signed({ phone: '13800138000', idSuffix: '01234x' });
    expect(
      answerCarrier(scenario, SECRET, NOW, { path: '/v1/subscribers/owner-check', ...owner }).body,
    ).toEqual({
      matches: true,
    });
    expect(
      answerCarrier(scenario, 'another', NOW, { path: '/v1/subscribers/status', ...status }).status,
    ).toBe(401);
  });
});

describe('decideCompanyCall', () => {
  const decide = (companyId: string, body: object, callsSoFar = 0, random = 0.5) =>
    decideCompanyCall({
      scenario,
      companyId,
      secret: SECRET,
      nowSeconds: NOW,
      ...signed(body),
      callsSoFar: () => callsSoFar,
      random,
    });

  it('answers a sync company with its count after its latency', () => {
    expect(decide('tencent', { lookupId: 'l1', phone: '13800138000' })).toEqual({
      kind: 'reply',
      delayMs: 10,
      status: 200,
      body: { lookupId: 'l1', count: 2 },
    });
  });

  it('accepts for an async company and schedules the signed callback', () => {
    expect(
      decide('alipay', {
        lookupId: 'l2',
        phone: '13800138000',
        callbackUrl: 'https://api/v1/partners/alipay/results',
      }),
    ).toMatchObject({
      kind: 'accept',
      delayMs: 1500,
      callback: { url: 'https://api/v1/partners/alipay/results', result: { lookupId: 'l2', count: 1 } },
    });
  });

  it('hangs when down, fails the first calls when scripted, and refuses a bad signature', () => {
    expect(decide('baidu', { lookupId: 'l3', phone: '13800138000' })).toEqual({ kind: 'hang' });
    expect(decide('jd', { lookupId: 'l4', phone: '13800138000' }, 0)).toMatchObject({
      kind: 'refuse',
      status: 500,
    });
    expect(decide('jd', { lookupId: 'l4', phone: '13800138000' }, 1)).toMatchObject({ kind: 'reply' });
    const bad = decideCompanyCall({
      scenario,
      companyId: 'tencent',
      secret: 'another',
      nowSeconds: NOW,
      ...signed({ lookupId: 'l5', phone: '13800138000' }),
      callsSoFar: () => 0,
      random: 0,
    });
    expect(bad).toMatchObject({ kind: 'refuse', status: 401 });
  });
});
