import { ServiceUnavailableError } from '../errors.ts';

/**
 * What kind of failure a call to another service met, for the log line an operator reads: a DNS
 * failure, a timeout, a refused or dropped connection, an HTTP 5xx or 4xx answer, throttling (429),
 * or an answer that is not what the interface promises. Decided from error names, codes and
 * statuses along the `cause` chain, never from a message (a foreign message may hold personal data).
 */
export type FailureKind =
  | 'dns'
  | 'timeout'
  | 'connection'
  | 'http-5xx'
  | 'http-4xx'
  | 'throttled'
  | 'malformed'
  | 'unknown';

/** An answer with a status the caller cannot use; `status` is the HTTP status. */
export class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** An answer whose body is not what the interface promises (not JSON, a field missing or of the wrong type). */
export class MalformedAnswerError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('malformed answer', options);
    this.name = 'MalformedAnswerError';
  }
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The kind of `error`, looking through its causes (fetch wraps the socket error as `cause`). */
export function failureKind(error: unknown): FailureKind {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof HttpStatusError) {
      if (current.status === 429) return 'throttled';
      return current.status >= 500 ? 'http-5xx' : 'http-4xx';
    }
    if (current instanceof MalformedAnswerError) return 'malformed';
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return 'timeout';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (DNS.has(code)) return 'dns';
      if (TIMEOUT.has(code)) return 'timeout';
      if (/^(ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET)$/.test(code))
        return 'connection';
    }
    current = current.cause;
  }
  return 'unknown';
}

/** The dependency is unavailable: `503 SERVICE_UNAVAILABLE`, keeping `cause` and naming its kind. */
export function unavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError({ cause, kind: failureKind(cause) });
}
