import { ERROR_STATUS } from '@occ/shared';
import type { RawRequest, RawResponse } from './http.ts';

/**
 * What every response to any request must be, whatever the request: no 5xx, an `x-request-id`,
 * and for every non-2xx a catalogued error code whose catalogued status is the status sent, with
 * no stack trace in the body. Returns what is wrong, or `undefined`.
 */
export function contractViolation(req: RawRequest, res: RawResponse): string | undefined {
  if (res.status >= 500) return `status ${res.status}`;
  // Outside /v1 are the H5 files and the local-only routes: they only must not fail.
  const path = req.path.split('?')[0] ?? '';
  if (path !== '/v1' && !path.startsWith('/v1/')) return undefined;
  if (!res.headers['x-request-id']) return 'no x-request-id header';
  if (/\bat [\w.<>]+ \(|node:internal|\.ts:\d+|Error: /.test(res.text))
    return 'stack trace or error text in the body';
  const echoed = (String(req.body ?? '').match(/1[3-9]\d{9}/g) ?? []).find((phone) =>
    res.text.includes(phone),
  );
  if (echoed && res.status >= 400) return 'the error body echoes a mobile number from the request';
  if (res.status >= 200 && res.status < 300) return undefined;
  if (req.method === 'HEAD') return undefined;
  const body = res.json as { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = body?.error?.code;
  if (typeof code !== 'string' || !(code in ERROR_STATUS))
    return `no catalogued error code in ${res.text.slice(0, 120)}`;
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== res.status)
    return `${code} sent with status ${res.status}`;
  if (typeof body?.error?.message !== 'string' || body.error.message === '')
    return `${code} without a message`;
  if (res.status === 429 && !res.headers['retry-after']) return `${code} without Retry-After`;
  return undefined;
}

/** A short, loggable description of a request (bodies cut, so a failure report stays readable). */
export function describeRequest(req: RawRequest): string {
  const body =
    req.body === undefined ? '' : ` body(${Buffer.byteLength(req.body)}B)=${String(req.body).slice(0, 160)}`;
  return `${req.method} ${req.path.slice(0, 160)} ${JSON.stringify(req.headers ?? {}).slice(0, 300)}${body}`;
}
