import { randomUUID } from 'node:crypto';
import { type BodyResult, buildErrorBody, ERROR_STATUS, type Locale, pickLocale } from '@occ/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HandlerName } from '../catalogue.ts';
import { baseLogger, type Dependencies, dependenciesOf } from '../composition.ts';
import {
  ApiError,
  InvalidRequestError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { Logger } from '../ports/logger.ts';
import type { SessionClaims, TokenSigner } from '../ports/tokens.ts';

export interface HttpRequest {
  requestId: string;
  method: string;
  path: string;
  locale: Locale;
  logger: Logger;
  body: string | undefined;
  header(name: string): string | undefined;
  pathParameter(name: string): string;
  queryParameter(name: string): string | undefined;
}

/** An answer: a JSON `body`, or a `text` of its own content type (WeChat's XML and plain-text replies). */
export interface HttpResult {
  status: number;
  body?: unknown;
  text?: { contentType: string; body: string };
}

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Wraps the handler declared as `name` (`catalogue.ts`): request id (the caller's if well-formed),
 * locale, its dependencies with a logger for this request, one log line per request, and the one
 * mapping from typed errors to API error responses.
 */
export function httpHandler<H extends HandlerName>(
  name: H,
  handle: (request: HttpRequest, deps: Dependencies<H>) => Promise<HttpResult>,
): Handler {
  return async (event) => {
    const started = Date.now();
    const headers = lowerCaseHeaders(event.headers);
    const requestId = requestIdFor(headers['x-request-id'], event.requestContext?.requestId);
    const locale = pickLocale(headers['accept-language']);
    const logger = baseLogger().child({ requestId, route: event.routeKey ?? name });
    const body =
      event.body === undefined
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString()
          : event.body;
    let result: APIGatewayProxyStructuredResultV2;
    try {
      const deps = { ...(await dependenciesOf(name)), logger };
      const out = await handle(
        {
          requestId,
          method: event.requestContext?.http?.method ?? 'GET',
          path: event.rawPath ?? event.requestContext?.http?.path ?? '/',
          locale,
          logger,
          body,
          header: (name) => headers[name.toLowerCase()],
          pathParameter: (parameter) => event.pathParameters?.[parameter] ?? '',
          queryParameter: (parameter) => event.queryStringParameters?.[parameter],
        },
        deps,
      );
      result = out.text
        ? {
            statusCode: out.status,
            headers: { 'x-request-id': requestId, 'content-type': out.text.contentType },
            body: out.text.body,
          }
        : respond(out.status, out.body, requestId);
    } catch (error) {
      result = errorResponse(error, locale, requestId, logger);
    }
    logger.info('http_request', {
      method: event.requestContext?.http?.method,
      status: result.statusCode,
      ms: Date.now() - started,
    });
    return result;
  };
}

/**
 * The caller's `x-request-id` when it is well-formed, else the gateway's request id when that is
 * (API Gateway ids may hold `=`, which the pattern refuses), else a fresh UUID: the id we answer
 * always matches `^[A-Za-z0-9._-]{1,128}$`.
 */
export function requestIdFor(given: string | undefined, gatewayId: string | undefined): string {
  if (given && REQUEST_ID.test(given)) return given;
  if (gatewayId && REQUEST_ID.test(gatewayId)) return gatewayId;
  return randomUUID();
}

/** The token of an `Authorization: Bearer <token>` header; the scheme name is case-insensitive (RFC 9110). */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer ([A-Za-z0-9._~+/=-]{1,1024})$/i.exec(header ?? '')?.[1];
}

export function respond(
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...extra };
  if (body === undefined) return { statusCode: status, headers } satisfies APIGatewayProxyStructuredResultV2;
  headers['content-type'] = 'application/json; charset=utf-8';
  return {
    statusCode: status,
    headers,
    body: JSON.stringify(body),
  } satisfies APIGatewayProxyStructuredResultV2;
}

/** The only place errors become HTTP: typed API errors by `instanceof`, anything else 500. */
export function errorResponse(error: unknown, locale: Locale, requestId: string, logger: Logger) {
  if (error instanceof ApiError) {
    const status = ERROR_STATUS[error.code];
    const body = buildErrorBody(error.code, locale, {
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      ...(error.attemptsLeft === undefined ? {} : { attemptsLeft: error.attemptsLeft }),
    });
    const extra: Record<string, string> =
      status === 429 ? { 'retry-after': String(error.retryAfterSeconds ?? 60) } : {};
    if (status >= 500)
      logger.error('request_failed', {
        code: error.code,
        ...(error instanceof ServiceUnavailableError && error.kind ? { kind: error.kind } : {}),
      });
    return respond(status, body, requestId, extra);
  }
  logger.error('request_failed', {
    code: 'INTERNAL_ERROR',
    errorName: error instanceof Error ? error.name : typeof error,
  });
  return respond(500, buildErrorBody('INTERNAL_ERROR', locale), requestId);
}

/**
 * Runs `work`; a refusal (an `ApiError`) is logged as `event` with its code as `reason` (the metric
 * list turns it into a count by reason), and for `TOO_MANY_REQUESTS` the limit that refused, and
 * passed on.
 */
export async function countingRefusals<T>(logger: Logger, event: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) {
      const limit = error instanceof TooManyRequestsError ? error.limit : undefined;
      logger.info(event, { reason: error.code, ...(limit ? { limit } : {}) });
    }
    throw error;
  }
}

/** The parsed body, or the parser's error as `InvalidRequestError`. */
export function bodyOrThrow<T>(result: BodyResult<T>): T {
  if (result.ok) return result.value;
  throw new InvalidRequestError(result.error.code, result.error.field);
}

/** The session of a valid bearer token, unexpired on the service clock, else `UnauthorizedError`. */
export async function authenticate(
  request: HttpRequest,
  deps: { tokens: TokenSigner; clock: Clock },
): Promise<SessionClaims> {
  const token = bearerToken(request.header('authorization'));
  if (!token) throw new UnauthorizedError();
  const now = deps.clock.now();
  const claims = await deps.tokens.verify(token, now);
  if (!claims || claims.exp <= epochSeconds(now)) throw new UnauthorizedError();
  return claims;
}

function lowerCaseHeaders(
  headers: APIGatewayProxyEventV2['headers'] | undefined,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}
