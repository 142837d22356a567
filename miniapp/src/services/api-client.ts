import type { ApiErrorBody, ErrorCode, SessionResponse } from '@occ/shared';
import Taro from '@tarojs/taro';
import { platformLogin } from './login';
import { readLocale } from './prefs';

/** An answer of the API other than 2xx, carrying the contract's error code and details. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly attemptsLeft?: number;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.retryAfterSeconds = body.retryAfterSeconds;
    this.attemptsLeft = body.attemptsLeft;
  }
}

/** The request never got an answer: no connection, a timeout, or a response that is not JSON. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

interface RequestOptions {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Sends the session token (every route but sessions, health and companies). */
  auth?: boolean;
}

const NETWORK_RETRY_DELAYS_MS = [400, 1200];
const TIMEOUT_MS = 15_000;

let session: { token: string; expiresAtMs: number } | undefined;
let pendingLogin: Promise<string> | undefined;

/**
 * Calls the public API: adds the session token and a request id, maps error bodies to
 * {@link ApiError}, renews the session once on `401 UNAUTHORIZED`, and retries only when the
 * network failed (never after the service has answered, so nothing is submitted twice).
 */
export async function apiRequest<T>(options: RequestOptions): Promise<T> {
  try {
    return await send<T>(options);
  } catch (error) {
    if (options.auth && error instanceof ApiError && error.code === 'UNAUTHORIZED') {
      session = undefined;
      return send<T>(options);
    }
    throw error;
  }
}

/** Forgets the session token, so that the next call signs in again. */
export function resetSession(): void {
  session = undefined;
  pendingLogin = undefined;
}

async function send<T>(options: RequestOptions): Promise<T> {
  const header: Record<string, string> = {
    'content-type': 'application/json',
    'accept-language': readLocale() === 'en' ? 'en' : 'zh-CN',
    'x-request-id': newRequestId(),
  };
  if (options.auth) header.authorization = `Bearer ${await sessionToken()}`;
  const response = await withNetworkRetry(() =>
    Taro.request({
      url: `${OCC_API_BASE_URL}${options.path}`,
      method: options.method,
      header,
      data: options.body === undefined ? undefined : JSON.stringify(options.body),
      dataType: 'json',
      timeout: TIMEOUT_MS,
    }),
  );
  const data = parseBody(response.data);
  if (response.statusCode >= 200 && response.statusCode < 300) return data as T;
  if (isErrorBody(data)) throw new ApiError(response.statusCode, data.error);
  // An answer without the service's error body comes from in front of it: the API gateway's own
  // throttle (429, no code, no Retry-After) or a proxy. Say "busy, try again later" in words.
  if (response.statusCode === 429) {
    const retryAfter = Number(response.header?.['Retry-After'] ?? response.header?.['retry-after']);
    throw new ApiError(429, {
      code: 'TOO_MANY_REQUESTS',
      message: 'HTTP 429',
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 60,
    });
  }
  throw new ApiError(response.statusCode, {
    code: response.statusCode >= 500 ? 'SERVICE_UNAVAILABLE' : 'INVALID_REQUEST',
    message: `HTTP ${response.statusCode}`,
  });
}

async function sessionToken(): Promise<string> {
  if (session && session.expiresAtMs - Date.now() > 60_000) return session.token;
  pendingLogin ??= createSession().finally(() => {
    pendingLogin = undefined;
  });
  return pendingLogin;
}

async function createSession(): Promise<string> {
  const login = await platformLogin();
  const created = await send<SessionResponse>({ method: 'POST', path: '/v1/sessions', body: login });
  const expiresAtMs = Date.parse(created.expiresAt);
  session = {
    token: created.token,
    expiresAtMs: Number.isNaN(expiresAtMs) ? Date.now() + 3_600_000 : expiresAtMs,
  };
  return created.token;
}

async function withNetworkRetry<R>(call: () => Promise<R>): Promise<R> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const delay = NETWORK_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw new NetworkError(describe(error));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data === '') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    throw new NetworkError('The service answered with a body that is not JSON');
  }
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  if (typeof data !== 'object' || data === null || !('error' in data)) return false;
  const error = (data as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return String(error.errMsg);
  return 'request failed';
}

function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `occ-mp-${Date.now().toString(36)}-${random}`;
}
