import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierDirectoryFrom } from '../src/adapters/carriers/http-carrier-directory.ts';
import { failureKind, HttpStatusError, MalformedAnswerError } from '../src/adapters/failure.ts';
import { ServiceUnavailableError } from '../src/errors.ts';
import { errorResponse } from '../src/http/respond.ts';
import { FakeClock, MemoryLogger } from './fakes.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

/** A carrier directory on loopback that answers as `answer` says, per path. */
let server: Server;
let base: string;
/** A loopback port nothing listens on any more. */
let closedPort: string;
beforeAll(async () => {
  const probe = createServer();
  closedPort = await listenOnLoopback(probe);
  await new Promise((resolve) => probe.close(resolve));
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/slow/v1/subscribers/status') return; // never answers
      if (req.url === '/down/v1/subscribers/status')
        return void res.writeHead(502).end('bad gateway 13800138000');
      if (req.url === '/busy/v1/subscribers/status') return void res.writeHead(429).end();
      if (req.url === '/odd/v1/subscribers/status') return void res.writeHead(200).end('not json');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"inService":true}');
    });
  });
  base = await listenOnLoopback(server);
});
afterAll(async () => {
  await closeServer(server);
});

const directory = (endpoint: string) =>
  carrierDirectoryFrom({ endpoint, secret: async () => 'secret', clock: new FakeClock(), timeoutMs: 300 });

async function refusal(endpoint: string): Promise<ServiceUnavailableError> {
  const error = await directory(endpoint)
    .isInService('13800138000')
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(ServiceUnavailableError);
  return error as ServiceUnavailableError;
}

describe('a failed call to the carrier directory', () => {
  it.each([
    ['an unknown host', () => 'http://carrier.invalid', 'dns'],
    ['a refused connection', () => closedPort, 'connection'],
    ['no answer in time', () => `${base}/slow`, 'timeout'],
    ['an HTTP 5xx answer', () => `${base}/down`, 'http-5xx'],
    ['throttling', () => `${base}/busy`, 'throttled'],
    ['a body that is not JSON', () => `${base}/odd`, 'malformed'],
  ])('after %s is 503 SERVICE_UNAVAILABLE of its kind, keeping the cause', async (_name, endpoint, kind) => {
    const error = await refusal(endpoint());
    expect(error.kind).toBe(kind);
    expect(error.cause).toBeInstanceOf(Error);
    expect(failureKind(error.cause)).toBe(kind);
  });

  it('is logged by its kind, never by a foreign message', async () => {
    const logger = new MemoryLogger();
    const error = await refusal(`${base}/down`);
    const response = errorResponse(error, 'en', 'r-1', logger);

    expect(response.statusCode).toBe(503);
    expect(logger.lines).toEqual([
      expect.objectContaining({
        event: 'request_failed',
        fields: { code: 'SERVICE_UNAVAILABLE', kind: 'http-5xx' },
      }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('13800138000');
  });
});

describe('failureKind', () => {
  it('reads statuses and causes, not messages', () => {
    expect(failureKind(new HttpStatusError(404))).toBe('http-4xx');
    expect(failureKind(new Error('ENOTFOUND in the message only'))).toBe('unknown');
    expect(failureKind(new Error('outer', { cause: new MalformedAnswerError() }))).toBe('malformed');
    expect(failureKind('not an error')).toBe('unknown');
  });
});
