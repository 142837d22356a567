import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { FALLBACK_HANDLER, findRoute } from '@occ/functions/routes.ts';
import { normalizePhone } from '@occ/shared';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HTTP_HANDLERS } from './handlers.ts';
import { readBody, sendJson } from './http-util.ts';
import { renderOfficialAccountPage } from './official-account-page.ts';
import { type Outbox, renderOutboxPage } from './outbox.ts';
import type { SimulatedWechatApi } from './sim/wechat-api.ts';

export interface ApiParts {
  outbox: Outbox;
  advanceClock: (seconds: number) => Date;
  h5Dir: string | undefined;
  onError: (error: unknown) => void;
  /** True once the service is stopping: every new request is then refused. */
  stopping: () => boolean;
  /** WeChat's server API, simulated under `/_local/wechat`. */
  wechat: SimulatedWechatApi;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The local-only routes and the one method each takes. */
const LOCAL_ROUTES = new Map([
  ['/_local/outbox', 'GET'],
  ['/_local/outbox.html', 'GET'],
  ['/_local/clock', 'POST'],
  ['/_local/official-account.html', 'GET'],
]);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * The public server: `/v1` through the real HTTP handlers (as API Gateway would invoke them, with
 * the fallback for unknown routes), the `/_local` routes, and the H5 build at `/`.
 */
export function createApiServer(parts: ApiParts): Server {
  return createServer((request, response) => {
    // Every response carries a request id, the early and failed ones too; the /v1 handlers set the
    // same rule's answer themselves.
    const given = String(request.headers['x-request-id'] ?? '');
    response.setHeader('x-request-id', REQUEST_ID.test(given) ? given : randomUUID());
    if (parts.stopping()) {
      request.resume();
      sendJson(
        response,
        503,
        { error: { code: 'SERVICE_UNAVAILABLE', message: 'the service is stopping' } },
        { connection: 'close', 'retry-after': '5' },
      );
      return;
    }
    serve(parts, request, response).catch((error) => {
      parts.onError(error);
      if (!response.headersSent)
        sendJson(response, 500, { error: { code: 'INTERNAL_ERROR', message: 'internal error' } });
    });
  });
}

async function serve(parts: ApiParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = (request.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/v1/') || url.pathname === '/v1')
    return invoke(request, response, url, method);
  if (url.pathname === '/_local/outbox' && method === 'GET') {
    const phone = url.searchParams.get('phone');
    return sendJson(response, 200, {
      messages: parts.outbox.list(phone ? normalizePhone(phone) : undefined),
    });
  }
  if (url.pathname === '/_local/outbox.html' && method === 'GET') {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(renderOutboxPage(parts.outbox.list()));
    return;
  }
  if (url.pathname === '/_local/clock' && method === 'POST') {
    const { text } = await readBody(request);
    let seconds: unknown;
    try {
      seconds = (JSON.parse(text || '{}') as { advanceSeconds?: unknown }).advanceSeconds;
    } catch {
      seconds = undefined;
    }
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      return sendJson(response, 400, {
        error: { code: 'INVALID_REQUEST', message: 'advanceSeconds: a number ≥ 0' },
      });
    }
    return sendJson(response, 200, { now: parts.advanceClock(seconds).toISOString() });
  }
  if (url.pathname === '/_local/official-account.html' && method === 'GET') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(
      renderOfficialAccountPage({
        accessToken: parts.wechat.issueToken().token,
        accountName: '一证通查服务',
      }),
    );
    return;
  }
  if (url.pathname === '/_local/wechat/push' && method === 'POST') {
    const { text } = await readBody(request);
    let pushed: Awaited<ReturnType<SimulatedWechatApi['push']>>;
    try {
      pushed = await parts.wechat.push(JSON.parse(text || 'null'));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      pushed = undefined;
    }
    if (!pushed) {
      return sendJson(response, 400, {
        error: {
          code: 'INVALID_REQUEST',
          message: 'body: {"openid", "event": "subscribe"} or {"openid", "text"}',
        },
      });
    }
    return sendJson(response, 200, pushed);
  }
  if (url.pathname.startsWith('/_local/wechat/')) {
    const { text } = await readBody(request);
    const answer = parts.wechat.handle(
      method,
      url.pathname.slice('/_local/wechat'.length),
      url.searchParams,
      text,
    );
    return sendJson(response, answer.status, answer.body);
  }
  if (LOCAL_ROUTES.has(url.pathname))
    return sendJson(
      response,
      405,
      {
        error: {
          code: 'METHOD_NOT_ALLOWED',
          message: `${url.pathname} takes ${LOCAL_ROUTES.get(url.pathname)}`,
        },
      },
      { allow: LOCAL_ROUTES.get(url.pathname) ?? 'GET' },
    );
  if (url.pathname.startsWith('/_local/'))
    return sendJson(response, 404, { error: { code: 'NOT_FOUND', message: 'no such local route' } });
  if (method === 'GET' || method === 'HEAD') return serveStatic(parts.h5Dir, url.pathname, response);
  return invoke(request, response, url, method);
}

async function invoke(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  method: string,
): Promise<void> {
  const { text, tooLarge } = await readBody(request);
  const found = findRoute(method, url.pathname);
  const handlerName = found.route ? found.route.handler : FALLBACK_HANDLER;
  const handler = HTTP_HANDLERS[handlerName];
  if (!handler) throw new Error(`no handler ${handlerName}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: found.route ? `${found.route.method} ${found.route.path}` : '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    ...(found.route ? { pathParameters: found.params } : {}),
    ...(text !== '' || method === 'POST' ? { body: tooLarge ? `${text} ` : text } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: found.route ? `${found.route.method} ${found.route.path}` : '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
  };
  const result = await handler(event);
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) responseHeaders[name] = String(value);
  response.writeHead(result.statusCode ?? 200, responseHeaders).end(result.body ?? '');
}

function serveStatic(h5Dir: string | undefined, pathname: string, response: ServerResponse): void {
  if (h5Dir && existsSync(h5Dir)) {
    const root = resolve(h5Dir);
    const wanted = normalize(join(root, safeDecode(pathname)));
    // Inside the build folder only: a sibling folder whose name starts with the root's is outside.
    const inside = wanted === root || wanted.startsWith(root + sep);
    const file =
      inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(root, 'index.html');
    if (existsSync(file)) {
      response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(response);
      return;
    }
  }
  response
    .writeHead(pathname === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      '<!doctype html><meta charset="utf-8"><title>One Card Check</title><p>The H5 build is not there yet: run <code>npm run build -w @occ/miniapp</code>. The API is under <code>/v1</code>; sent SMS are at <a href="/_local/outbox.html">/_local/outbox.html</a>.</p>',
    );
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
