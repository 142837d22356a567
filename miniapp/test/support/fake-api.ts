import {
  buildErrorBody,
  ERROR_STATUS,
  type ErrorCode,
  type QueryAccepted,
  type QueryView,
} from '@occ/shared';
import type { RequestHandler, WxRequest, WxResponse } from './weapp-harness';

/**
 * The public API as the simulator's `wx.request` sees it. No service runs inside the simulator,
 * so these answers follow docs/api.md by hand; the browser journey runs against the real one.
 */
export type Route = 'session' | 'code' | 'submit' | 'status' | 'list';
export type Answer = WxResponse | 'network-error';

const acceptedAtMs = Date.now() - 60_000;

/** A query accepted a minute before the tests started. */
export const ACCEPTED: QueryAccepted = {
  queryId: '3f2b8c1e-9a4d-4c2b-8e1f-0a9b8c7d6e5f',
  status: 'ACCEPTED',
  phoneMasked: '138****8000',
  acceptedAt: new Date(acceptedAtMs).toISOString(),
  replyBy: new Date(acceptedAtMs + 48 * 3_600_000).toISOString(),
  smsPort: '10699000',
};

export function apiError(
  code: ErrorCode,
  details: { retryAfterSeconds?: number; attemptsLeft?: number; field?: string } = {},
): WxResponse {
  return { statusCode: ERROR_STATUS[code], data: buildErrorBody(code, 'zh-CN', details) };
}

export function queryView(
  status: QueryView['status'],
  companies: QueryView['companies'],
  extra: Partial<QueryView> = {},
): WxResponse {
  return { statusCode: 200, data: { ...ACCEPTED, status, companies, ...extra } };
}

function routeOf(request: WxRequest): Route {
  const path = request.url.replace(/^https?:\/\/[^/]+/, '');
  if (request.method === 'POST' && path === '/v1/sessions') return 'session';
  if (request.method === 'POST' && path === '/v1/verification-codes') return 'code';
  if (request.method === 'POST' && path === '/v1/queries') return 'submit';
  if (request.method === 'GET' && path.startsWith('/v1/queries/')) return 'status';
  if (request.method === 'GET' && path === '/v1/queries') return 'list';
  throw new Error(`unexpected request ${request.method} ${request.url}`);
}

const DEFAULTS: Record<Route, () => Answer> = {
  session: () => ({
    statusCode: 201,
    data: { token: 'token-1', expiresAt: new Date(Date.now() + 7_200_000).toISOString() },
  }),
  code: () => ({ statusCode: 202, data: { resendAfterSeconds: 60, expiresInSeconds: 300 } }),
  submit: () => ({ statusCode: 202, data: ACCEPTED }),
  status: () => queryView('LOOKING_UP', [{ id: 'tencent', status: 'PENDING' }]),
  list: () => ({ statusCode: 200, data: { queries: [] } }),
};

/** A request handler that answers each route with queued answers first, then the default. */
export function fakeApi(): { handler: RequestHandler; queue(route: Route, ...answers: Answer[]): void } {
  const queued: Record<Route, Answer[]> = { session: [], code: [], submit: [], status: [], list: [] };
  return {
    handler: (request) => {
      const route = routeOf(request);
      return queued[route].shift() ?? DEFAULTS[route]();
    },
    queue(route, ...answers) {
      queued[route].push(...answers);
    },
  };
}
