import type { ErrorCode } from '@occ/shared';

/** Base of every error that answers with an API error code. Mapped to HTTP in `http/respond.ts` only. */
export abstract class ApiError extends Error {
  abstract readonly code: ErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly attemptsLeft?: number;

  constructor(
    details: { field?: string; retryAfterSeconds?: number; attemptsLeft?: number; cause?: unknown } = {},
  ) {
    super(undefined, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.field !== undefined) this.field = details.field;
    if (details.retryAfterSeconds !== undefined)
      this.retryAfterSeconds = Math.max(1, Math.ceil(details.retryAfterSeconds));
    if (details.attemptsLeft !== undefined) this.attemptsLeft = details.attemptsLeft;
    this.name = new.target.name;
  }
}

export class NotFoundError extends ApiError {
  readonly code = 'NOT_FOUND';
}
export class MethodNotAllowedError extends ApiError {
  readonly code = 'METHOD_NOT_ALLOWED';
}
export class UnauthorizedError extends ApiError {
  readonly code = 'UNAUTHORIZED';
}
/** A body that failed the shape or content check; `code` is the one the parser chose. */
export class InvalidRequestError extends ApiError {
  constructor(
    readonly code: 'INVALID_REQUEST' | 'INVALID_PHONE' | 'INVALID_ID_SUFFIX' | 'INVALID_CODE',
    field?: string,
  ) {
    super(field === undefined ? {} : { field });
  }
}
export class LoginFailedError extends ApiError {
  readonly code = 'LOGIN_FAILED';
}
export class NumberNotInServiceError extends ApiError {
  readonly code = 'NUMBER_NOT_IN_SERVICE';
}
export class QueryCooldownError extends ApiError {
  readonly code = 'QUERY_COOLDOWN';
  constructor(retryAfterSeconds: number) {
    super({ retryAfterSeconds });
  }
}
/** Which limit refused a code request: the number's, the session's, or the global daily cap. */
export type CodeLimit = 'number' | 'session' | 'globalCap';

export class TooManyRequestsError extends ApiError {
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(
    retryAfterSeconds: number,
    /** The limit that refused, for the log (the answer is the same for every limit). */
    readonly limit?: CodeLimit,
  ) {
    super({ retryAfterSeconds });
  }
}
export class CodeIncorrectError extends ApiError {
  readonly code = 'CODE_INCORRECT';
  constructor(attemptsLeft: number) {
    super({ attemptsLeft });
  }
}
export class CodeExpiredError extends ApiError {
  readonly code = 'CODE_EXPIRED';
}
export class CodeAttemptsExceededError extends ApiError {
  readonly code = 'CODE_ATTEMPTS_EXCEEDED';
  constructor(retryAfterSeconds: number) {
    super({ retryAfterSeconds, attemptsLeft: 0 });
  }
}
export class QueryNotFoundError extends ApiError {
  readonly code = 'QUERY_NOT_FOUND';
}
export class BadSignatureError extends ApiError {
  readonly code = 'BAD_SIGNATURE';
}
export class LookupNotFoundError extends ApiError {
  readonly code = 'LOOKUP_NOT_FOUND';
}
export class LookupClosedError extends ApiError {
  readonly code = 'LOOKUP_CLOSED';
}
/** A dependency (carrier, SMS gateway) is down; the client may retry later. */
export class ServiceUnavailableError extends ApiError {
  readonly code = 'SERVICE_UNAVAILABLE';
  /** What failed, for the log (`adapters/failure.ts`); the failure itself is the `cause`. */
  readonly kind?: string;

  constructor(details: { cause?: unknown; kind?: string } = {}) {
    super(details.cause === undefined ? {} : { cause: details.cause });
    if (details.kind !== undefined) this.kind = details.kind;
  }
}

/** A company did not answer usefully after the connector's retries: it is UNAVAILABLE for this query. */
export class PartnerUnavailableError extends Error {
  constructor(
    readonly companyId: string,
    readonly reason: string,
  ) {
    super(`${companyId} unavailable: ${reason}`);
    this.name = 'PartnerUnavailableError';
  }
}

/** A workflow task hit a passing fault; the state machine retries errors of this name. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/**
 * The SMS service answered that it did not take the message (throttling, an invalid parameter, a
 * 5xx error answer): nothing went out, so sending again later cannot make a duplicate. Any other
 * failure of a send (a dropped connection, a timeout) leaves the outcome unknown.
 */
export class SmsNotSentError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`SMS not sent: ${reason}`, options);
    this.name = 'SmsNotSentError';
  }
}
