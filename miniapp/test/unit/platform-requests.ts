import { buildErrorBody, ERROR_STATUS, type ErrorCode } from '@occ/shared';
import { request as taroAlipayRequest } from '@tarojs/plugin-platform-alipay/dist/runtime-utils.js';
import type { Transport, TransportRequest } from '../../src/services/api-client';

/**
 * The network as each platform reports it to `Taro.request`. A test scripts the service's answers
 * (or their absence); each platform then reports them in its own shape:
 * - weapp: `wx.request` calls `success({statusCode, data, header})` for every HTTP status and
 *   `fail({errMsg})` only when nothing came back; Taro turns those into resolve and reject.
 * - alipay: `my.request` calls `success({status, data, headers})` on 2xx only; any other status is
 *   `fail({error: 19, errorMessage, status, data, headers})`, a lost connection
 *   `fail({error: 12, errorMessage})`, a timeout `fail({error: 13, …})`. Taro's own alipay adapter
 *   (`@tarojs/plugin-platform-alipay`) runs on top, exactly as in the build.
 * - h5: Taro's `fetch` wrapper resolves `{statusCode, header, data}` for every status (`data` null
 *   when the body is not JSON) and rejects with the `TypeError` of `fetch` when nothing came back.
 */

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type Scripted = ScriptedAnswer | 'no-answer' | 'timeout';

export interface SentRequest {
  method: string;
  path: string;
  header: Record<string, string>;
  body: unknown;
}

export type PlatformName = 'weapp' | 'alipay' | 'h5';

/**
 * A scripted service: each request takes the next answer queued for its route (`POST /v1/queries`),
 * else the default answer of that route.
 */
export class ScriptedService {
  readonly sent: SentRequest[] = [];
  private readonly queued = new Map<string, Scripted[]>();

  constructor(private readonly fallback: (route: string) => Scripted) {}

  queue(route: string, ...answers: Scripted[]): void {
    this.queued.set(route, [...(this.queued.get(route) ?? []), ...answers]);
  }

  sentTo(route: string): SentRequest[] {
    return this.sent.filter((request) => `${request.method} ${request.path}` === route);
  }

  answer(method: string, url: string, header: Record<string, string>, data: unknown): Scripted {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    this.sent.push({ method, path, header, body: typeof data === 'string' ? JSON.parse(data) : data });
    const route = `${method} ${path}`;
    return this.queued.get(route)?.shift() ?? this.fallback(route);
  }
}

/** An error answer exactly as the service writes it, with the Retry-After header of a 429. */
export function errorAnswer(
  code: ErrorCode,
  details: { retryAfterSeconds?: number; attemptsLeft?: number; field?: string } = {},
  locale: 'zh-CN' | 'en' = 'zh-CN',
): ScriptedAnswer {
  const status = ERROR_STATUS[code];
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (status === 429) headers['Retry-After'] = String(details.retryAfterSeconds ?? 60);
  return { status, body: buildErrorBody(code, locale, details), headers };
}

const later = (run: () => void) => setTimeout(run, 0);

function weapp(service: ScriptedService): Transport {
  const wxRequest = (options: Record<string, unknown> & TransportRequest) => {
    const answer = service.answer(options.method, options.url, options.header, options.data);
    later(() => {
      if (typeof answer === 'string') {
        const errMsg =
          answer === 'timeout' ? 'request:fail timeout' : 'request:fail net::ERR_INTERNET_DISCONNECTED';
        (options.fail as (r: unknown) => void)({ errMsg, errno: 600001 });
        return;
      }
      (options.success as (r: unknown) => void)({
        errMsg: 'request:ok',
        statusCode: answer.status,
        data: answer.body,
        header: answer.headers ?? {},
      });
    });
  };
  // Taro's generic promise wrapper for every mini-program API: success resolves, fail rejects.
  return (request) =>
    new Promise((resolve, reject) => wxRequest({ ...request, success: resolve, fail: reject }));
}

function alipay(service: ScriptedService): Transport {
  const my = {
    canIUse: () => true,
    request(options: Record<string, unknown>) {
      const answer = service.answer(
        String(options.method),
        String(options.url),
        options.headers as Record<string, string>,
        options.data,
      );
      later(() => {
        const fail = options.fail as (r: unknown) => void;
        if (answer === 'no-answer') return fail({ error: 12, errorMessage: '网络出错' });
        if (answer === 'timeout') return fail({ error: 13, errorMessage: '超时' });
        const reply = { status: answer.status, data: answer.body, headers: answer.headers ?? {} };
        if (answer.status >= 200 && answer.status < 300) (options.success as (r: unknown) => void)(reply);
        else fail({ error: 19, errorMessage: 'http status error', ...reply });
      });
      return { abort() {} };
    },
  };
  return (request) => {
    (globalThis as { my?: unknown }).my = my;
    return taroAlipayRequest({ ...request });
  };
}

function h5(service: ScriptedService): Transport {
  return (request) => {
    const answer = service.answer(request.method, request.url, request.header, request.data);
    return new Promise((resolve, reject) =>
      later(() => {
        if (answer === 'no-answer') {
          reject(Object.assign(new TypeError('Failed to fetch'), { errMsg: 'Failed to fetch' }));
          return;
        }
        if (answer === 'timeout') {
          reject(Object.assign(new DOMException('signal is aborted', 'AbortError'), { errMsg: 'aborted' }));
          return;
        }
        const json = typeof answer.body === 'object' ? answer.body : null;
        const header = Object.fromEntries(
          Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
        );
        resolve({ statusCode: answer.status, header, data: answer.status === 204 ? undefined : json });
      }),
    );
  };
}

export const PLATFORMS: Record<PlatformName, (service: ScriptedService) => Transport> = { weapp, alipay, h5 };
