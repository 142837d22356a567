import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpPartnerConnector } from '../src/adapters/partners/http-connector.ts';
import { hmacSigner } from '../src/adapters/partners/signing.ts';
import type { PartnerEntry } from '../src/config.ts';
import { PartnerUnavailableError, TransientError } from '../src/errors.ts';
import { FakeClock, MemoryLogger, MemoryRateLimiter } from './fakes.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

type Behaviour = (call: { lookupId: string }, attempt: number, response: ServerResponse) => void;

const SECRET = 'company-secret';
const behaviours = new Map<string, Behaviour>();
const attempts = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;
let server: Server;
let base = '';
const clock = new FakeClock(Date.now());

beforeAll(async () => {
  server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const ok = hmacSigner.verify(
      SECRET,
      String(request.headers['x-occ-timestamp']),
      body,
      String(request.headers['x-occ-signature']),
      Math.floor(clock.now().getTime() / 1000),
    );
    if (!ok) return void response.writeHead(401).end();
    const company = (request.url ?? '').split('/')[1] ?? '';
    const call = JSON.parse(body) as { lookupId: string };
    const attempt = (attempts.get(call.lookupId) ?? 0) + 1;
    attempts.set(call.lookupId, attempt);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => inFlight--);
    behaviours.get(company)?.(call, attempt, response);
  });
  base = await listenOnLoopback(server);
});
afterAll(async () => {
  await closeServer(server);
});

function partner(companyId: string, overrides: Partial<PartnerEntry> = {}): PartnerEntry {
  return {
    companyId,
    endpoint: `${base}/${companyId}`,
    mode: 'sync',
    timeoutMs: 200,
    maxAttempts: 3,
    ratePerSecond: 100,
    maxConcurrency: 5,
    ...overrides,
  };
}

function connector() {
  const logger = new MemoryLogger();
  const registry = { list: () => [], find: () => undefined, secret: async () => SECRET };
  const rateLimiter = new MemoryRateLimiter(clock);
  return {
    logger,
    connector: httpPartnerConnector({ registry, rateLimiter, clock, logger, sleep: async () => {} }),
  };
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('the partner connector', () => {
  it('signs the call and returns the count', async () => {
    behaviours.set('a', (call, _attempt, response) =>
      json(response, 200, { lookupId: call.lookupId, count: 3 }),
    );
    const { connector: c } = connector();
    expect(
      await c.requestCount(partner('a'), { lookupId: 'a1', phone: '13800138000', requestedAt: 'now' }),
    ).toEqual({
      kind: 'count',
      count: 3,
    });
  });

  it('retries a 500 and a malformed body, then counts the answer', async () => {
    behaviours.set('b', (call, attempt, response) =>
      attempt === 1
        ? json(response, 500, {})
        : attempt === 2
          ? json(response, 200, { lookupId: call.lookupId, count: -1 })
          : json(response, 200, { lookupId: call.lookupId, count: 1 }),
    );
    const { connector: c, logger } = connector();
    expect(
      await c.requestCount(partner('b'), { lookupId: 'b1', phone: '13800138000', requestedAt: 'now' }),
    ).toEqual({ kind: 'count', count: 1 });
    expect(logger.lines.map((line) => line.fields?.reason)).toEqual(['http-5xx', 'malformed']);
  });

  it('gives up after maxAttempts timeouts with PartnerUnavailableError', async () => {
    behaviours.set('c', () => {});
    const { connector: c, logger } = connector();
    await expect(
      c.requestCount(partner('c', { timeoutMs: 50 }), { lookupId: 'c1', phone: '1', requestedAt: 'now' }),
    ).rejects.toBeInstanceOf(PartnerUnavailableError);
    expect(logger.lines.map((line) => line.fields?.reason)).toEqual(['timeout', 'timeout', 'timeout']);
  });

  it('takes a 202 PENDING only from an async company', async () => {
    behaviours.set('d', (call, _attempt, response) =>
      json(response, 202, { lookupId: call.lookupId, status: 'PENDING' }),
    );
    const { connector: c } = connector();
    expect(
      await c.requestCount(partner('d', { mode: 'async' }), {
        lookupId: 'd1',
        phone: '1',
        requestedAt: 'now',
        callbackUrl: 'x',
      }),
    ).toEqual({
      kind: 'pending',
    });
    await expect(
      c.requestCount(partner('d'), { lookupId: 'd2', phone: '1', requestedAt: 'now' }),
    ).rejects.toBeInstanceOf(PartnerUnavailableError);
  });

  it('calls no more than the company rate and leaves a full rate to the workflow as TransientError', async () => {
    behaviours.set('f', (call, _attempt, response) =>
      json(response, 200, { lookupId: call.lookupId, count: 0 }),
    );
    const { connector: c } = connector();
    const entry = partner('f', { ratePerSecond: 2 });
    const calls = ['f1', 'f2', 'f3'].map((lookupId) =>
      c.requestCount(entry, { lookupId, phone: '1', requestedAt: 'now' }),
    );
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')?.reason).toBeInstanceOf(TransientError);
    expect([1, 2, 3].filter((i) => attempts.has(`f${i}`))).toHaveLength(2);
  });

  it('keeps at most maxConcurrency calls in flight to one company', async () => {
    behaviours.set('e', (call, _attempt, response) =>
      setTimeout(() => json(response, 200, { lookupId: call.lookupId, count: 0 }), 30),
    );
    maxInFlight = 0;
    const { connector: c } = connector();
    const entry = partner('e', { maxConcurrency: 2 });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        c.requestCount(entry, { lookupId: `e${i}`, phone: '1', requestedAt: 'now' }),
      ),
    );
    expect(maxInFlight).toBe(2);
  });
});
