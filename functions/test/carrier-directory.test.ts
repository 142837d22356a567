import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierDirectoryFrom } from '../src/adapters/carriers/http-carrier-directory.ts';
import { ServiceUnavailableError } from '../src/errors.ts';
import { errorResponse } from '../src/http/respond.ts';
import { FakeClock, MemoryLogger } from './fakes.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

/** What the directory on loopback answers next: a status and a raw body. */
let next: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(next.body);
    });
  });
  endpoint = await listenOnLoopback(server);
});
afterAll(async () => {
  await closeServer(server);
});

const directory = () =>
  carrierDirectoryFrom({ endpoint, secret: async () => 'carrier-secret', clock: new FakeClock() });

describe('the HTTP carrier directory', () => {
  it('reads well-formed answers', async () => {
    next = { status: 200, body: JSON.stringify({ inService: true }) };
    expect(await directory().isInService('13800138000')).toBe(true);
    next = { status: 200, body: JSON.stringify({ matches: false }) };
    expect(await directory().ownerIdSuffixMatches('13800138000', '01234X')).toBe(false);
  });

  it.each([
    ['not JSON', '<html>busy</html>'],
    ['cut short', '{"inService": tr'],
    ['JSON null', 'null'],
    ['a wrong shape', JSON.stringify({ inService: 'yes' })],
    ['a missing field', JSON.stringify({})],
  ])('treats a body that is %s as the directory being unavailable (503)', async (_, body) => {
    next = { status: 200, body };
    const error = await directory()
      .isInService('13800138000')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const response = errorResponse(error, 'en', 'request-1', new MemoryLogger());
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '{}')).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
  });
});
