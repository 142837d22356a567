/** How long a verification code stays valid, in seconds. */
export const CODE_TTL_SECONDS = 300;
/** How long a number must wait before another verification code can be requested, in seconds. */
export const CODE_RESEND_SECONDS = 60;
/** Wrong tries after which a verification code is void. */
export const MAX_CODE_ATTEMPTS = 5;
/** One accepted query per number in this many seconds. */
export const QUERY_COOLDOWN_SECONDS = 86_400;
/** The reply SMS is due within this many hours of acceptance. */
export const REPLY_WITHIN_HOURS = 48;
/** Lifetime of a session token, in seconds. */
export const SESSION_TTL_SECONDS = 7_200;
/** A repeat of the same submission within this many seconds answers with the original query. */
export const REPEAT_SUBMISSION_SECONDS = 600;
/** The largest request body the public API accepts, in bytes. */
export const MAX_BODY_BYTES = 4_096;
