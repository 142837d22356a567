import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureKind, MalformedAnswerError } from '../src/adapters/failure.ts';
import { postJson } from '../src/adapters/http/post-json.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

let server: Server;
let base: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = createServer((request, response) => {
    sockets.add(request.socket);
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (request.url === '/slow') return; // never answers
      if (request.url === '/large') return response.end('x'.repeat(65 * 1024));
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ echo: body, type: request.headers['content-type'] }));
    });
  });
  base = await listenOnLoopback(server);
});
afterAll(async () => {
  await closeServer(server);
});

describe('postJson', () => {
  it('posts the body with its headers and reads the status and answer, over one kept-alive connection', async () => {
    const first = await postJson(`${base}/echo`, { 'content-type': 'application/json' }, '{"a":1}', 1_000);
    const second = await postJson(`${base}/echo`, { 'content-type': 'application/json' }, '{"b":2}', 1_000);
    expect(first).toEqual({
      status: 201,
      text: JSON.stringify({ echo: '{"a":1}', type: 'application/json' }),
    });
    expect(JSON.parse(second.text)).toMatchObject({ echo: '{"b":2}' });
    expect(sockets.size).toBe(1);
  });

  it('rejects when the whole answer does not come within the timeout', async () => {
    const error = await postJson(`${base}/slow`, {}, '{}', 100).catch((caught: unknown) => caught);
    expect(failureKind(error)).toBe('timeout');
  });

  it('rejects an answer over 64 KiB', async () => {
    await expect(postJson(`${base}/large`, {}, '{}', 1_000)).rejects.toBeInstanceOf(MalformedAnswerError);
  });
});
