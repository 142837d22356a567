import type { ApiErrorBody, ErrorCode, Locale, SessionResponse } from '@occ/shared';
import type { PlatformLogin } from './login';

/** The service answered with a status other than 2xx; carries the contract's error code and details. */
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

/** No answer came: no connection, a timeout, or the request was stopped on the way. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** What `Taro.request` is called with. */
export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST';
  header: Record<string, string>;
  data?: string;
  dataType: 'json';
  timeout: number;
}

/** `Taro.request` of the platform the app runs on (a test passes the platform's own shapes). */
export type Transport = (request: TransportRequest) => Promise<unknown>;

/** How one exchange ended: the service answered (any HTTP status), or no answer came. */
export type Outcome =
  | { answered: true; statusCode: number; data: unknown; header: Record<string, string> }
  | { answered: false; reason: string };

/**
 * Tells "the service answered" from "no answer", whichever way the platform reported it.
 *
 * - weapp (`wx.request`) and h5 (Taro's `fetch` wrapper) resolve with `{statusCode, data, header}`
 *   for every HTTP status and reject only when nothing came back (`{errMsg: 'request:fail …'}`, a
 *   `TypeError` or an `AbortError`).
 * - alipay: Taro 4.2 passes `my.request` through, which resolves on 2xx only; any other status
 *   rejects with `{error: 19, errorMessage: 'http status error', status, data, headers}`, while
 *   errors 12 (network), 13 (timeout) and 20 (stopped) carry no status (Alipay open docs, my.request
 *   error codes; NervJS/taro#14366). Offline, Taro has also been seen to resolve with no status
 *   (NervJS/taro#5378): that is no answer too.
 */
export function readOutcome(result: PromiseSettledResult<unknown>): Outcome {
  const value = result.status === 'fulfilled' ? result.value : result.reason;
  if (typeof value === 'object' && value !== null) {
    const fields = value as Record<string, unknown>;
    const statusCode = httpStatus(fields.statusCode) ?? httpStatus(fields.status);
    if (statusCode !== undefined) {
      return {
        answered: true,
        statusCode,
        data: fields.data,
        header: lowerCaseKeys(fields.header ?? fields.headers),
      };
    }
  }
  return { answered: false, reason: describe(value) };
}

export interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Sends the session token (every route but sessions, health and companies). */
  auth?: boolean;
  /**
   * Whether sending the call twice does no more than sending it once: only such a call is sent
   * again by itself after no answer. Default: true for GET, false for POST.
   */
  idempotent?: boolean;
}

export interface ApiClientDeps {
  transport: Transport;
  /** The API origin, empty for the page's own origin. */
  baseUrl: string;
  /** The platform's login code (or the browser's device), asked again for every new session. */
  login: () => Promise<PlatformLogin>;
  locale: () => Locale;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

export interface ApiClient {
  /**
   * Calls the public API: adds the session token and a request id, turns an error answer into
   * {@link ApiError}, renews the session once on `401 UNAUTHORIZED` and sends the call again,
   * and sends an idempotent call again after no answer ({@link NetworkError} once that fails).
   * An answer is never followed by a second send, so a wrong code spends one attempt.
   */
  request<T>(call: ApiCall): Promise<T>;
  /** Forgets the session token, so that the next call signs in again. */
  resetSession(): void;
}

/** Waits before each repeat of an idempotent call that got no answer. */
const NO_ANSWER_RETRY_DELAYS_MS = [400, 1200];
const TIMEOUT_MS = 15_000;
/** A token this close to its expiry is renewed before use. */
const SESSION_MARGIN_MS = 60_000;
/** The API gateway's own throttle answers 429 with no body of ours (docs/api.md, Conventions). */
const GATEWAY_RETRY_AFTER_SECONDS = 60;

export function createApiClient(deps: ApiClientDeps): ApiClient {
  const now = deps.now ?? Date.now;
  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let session: { token: string; expiresAtMs: number } | undefined;
  let pendingLogin: Promise<string> | undefined;

  async function send<T>(call: ApiCall): Promise<T> {
    const header: Record<string, string> = {
      'content-type': 'application/json',
      'accept-language': deps.locale() === 'en' ? 'en' : 'zh-CN',
      'x-request-id': newRequestId(now()),
    };
    if (call.auth) header.authorization = `Bearer ${await sessionToken()}`;
    const request: TransportRequest = {
      url: `${deps.baseUrl}${call.path}`,
      method: call.method,
      header,
      data: call.body === undefined ? undefined : JSON.stringify(call.body),
      dataType: 'json',
      timeout: TIMEOUT_MS,
    };
    const idempotent = call.idempotent ?? call.method === 'GET';
    for (let attempt = 0; ; attempt += 1) {
      const outcome = readOutcome(await settle(deps.transport(request)));
      if (outcome.answered) return readAnswer<T>(outcome);
      const delay = idempotent ? NO_ANSWER_RETRY_DELAYS_MS[attempt] : undefined;
      if (delay === undefined) throw new NetworkError(outcome.reason);
      await wait(delay);
    }
  }

  function sessionToken(): Promise<string> {
    if (session && session.expiresAtMs - now() > SESSION_MARGIN_MS) return Promise.resolve(session.token);
    pendingLogin ??= openSession().finally(() => {
      pendingLogin = undefined;
    });
    return pendingLogin;
  }

  // A login code is single use, so a session that got no answer starts over with a fresh one.
  async function openSession(): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const login = await deps.login();
        const created = await send<SessionResponse>({ method: 'POST', path: '/v1/sessions', body: login });
        const expiresAtMs = Date.parse(created.expiresAt);
        session = {
          token: created.token,
          expiresAtMs: Number.isNaN(expiresAtMs) ? now() + 3_600_000 : expiresAtMs,
        };
        return created.token;
      } catch (error) {
        const delay = NO_ANSWER_RETRY_DELAYS_MS[attempt];
        if (!(error instanceof NetworkError) || delay === undefined) throw error;
        await wait(delay);
      }
    }
  }

  return {
    async request<T>(call: ApiCall): Promise<T> {
      try {
        return await send<T>(call);
      } catch (error) {
        // The service refused the token before doing anything, so sending the call again is safe.
        if (call.auth && error instanceof ApiError && error.code === 'UNAUTHORIZED') {
          session = undefined;
          return send<T>(call);
        }
        throw error;
      }
    },
    resetSession() {
      session = undefined;
      pendingLogin = undefined;
    },
  };
}

function readAnswer<T>(outcome: Extract<Outcome, { answered: true }>): T {
  const { statusCode, header } = outcome;
  const data = parseBody(outcome.data);
  if (statusCode >= 200 && statusCode < 300 && data.ok) return data.value as T;
  const retryAfter = Number(header['retry-after']);
  const headerWait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  if (data.ok && isErrorBody(data.value)) {
    const body = data.value.error;
    return throwError(statusCode, { ...body, retryAfterSeconds: body.retryAfterSeconds ?? headerWait });
  }
  // An answer without the service's error body comes from in front of it: the API gateway's own
  // throttle (429, no code, no Retry-After) or a proxy. Say "busy, try again later" in words.
  if (statusCode === 429) {
    return throwError(429, {
      code: 'TOO_MANY_REQUESTS',
      message: 'HTTP 429',
      retryAfterSeconds: headerWait ?? GATEWAY_RETRY_AFTER_SECONDS,
    });
  }
  return throwError(statusCode, {
    code: statusCode >= 500 || statusCode < 300 ? 'SERVICE_UNAVAILABLE' : 'INVALID_REQUEST',
    message: `HTTP ${statusCode}`,
  });
}

function throwError(status: number, body: ApiErrorBody['error']): never {
  throw new ApiError(status, body);
}

function parseBody(data: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof data !== 'string') return { ok: true, value: data };
  if (data === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(data) };
  } catch {
    return { ok: false };
  }
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  if (typeof data !== 'object' || data === null || !('error' in data)) return false;
  const error = (data as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

function httpStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599
    ? value
    : undefined;
}

function lowerCaseKeys(header: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof header !== 'object' || header === null) return out;
  for (const [name, value] of Object.entries(header)) out[name.toLowerCase()] = String(value);
  return out;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const { errMsg, errorMessage } = error as { errMsg?: unknown; errorMessage?: unknown };
    if (errMsg !== undefined || errorMessage !== undefined) return String(errMsg ?? errorMessage);
  }
  return 'request failed';
}

function newRequestId(nowMs: number): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `occ-mp-${nowMs.toString(36)}-${random}`;
}
