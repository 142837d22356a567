import * as v from 'valibot';
import type { CompanyView } from './companies.ts';
import { MAX_BODY_BYTES } from './limits.ts';
import {
  type FieldErrorCode,
  type Validated,
  validateCode,
  validateIdSuffix,
  validatePhone,
} from './validation.ts';

export type Platform = 'weapp' | 'alipay' | 'h5';

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const appCounts = v.array(v.strictObject({ app: v.pipe(v.string(), v.maxLength(64)), count }));

/**
 * `POST /v1/sessions` body. `code` is the platform login code, required for weapp and alipay;
 * `device`, for h5 only, the random secret the browser keeps so that its sessions are one user.
 */
export const CreateSessionRequest = v.strictObject({
  platform: v.picklist(['weapp', 'alipay', 'h5']),
  code: v.optional(v.string()),
  device: v.optional(v.string()),
});

/** An h5 device secret: 32–128 characters of the base64url alphabet (docs/api.md). */
const DEVICE = /^[A-Za-z0-9_-]{32,128}$/;
/** `POST /v1/verification-codes` body. */
export const RequestCodeRequest = v.strictObject({ phone: v.string() });
/** `POST /v1/queries` body. */
export const SubmitQueryRequest = v.strictObject({
  phone: v.string(),
  idSuffix: v.string(),
  code: v.string(),
});
/**
 * `POST /v1/partners/{companyId}/results` body: a company's late answer. A `lookupId` that is not
 * one the service issued is not a shape error: it answers `404 LOOKUP_NOT_FOUND` (docs/api.md).
 */
export const PartnerResultRequest = v.strictObject({
  lookupId: v.string(),
  count,
  apps: v.optional(appCounts),
});
/** `POST {endpoint}/v1/account-counts` body: what the service asks a company. */
export const PartnerCountRequest = v.strictObject({
  lookupId: v.string(),
  phone: v.string(),
  requestedAt: v.string(),
  callbackUrl: v.optional(v.string()),
});
/** A company's answer to `PartnerCountRequest`: a count now (200) or a promise to call back (202). */
export const PartnerCountResponse = v.union([
  v.object({ lookupId: v.string(), count, apps: v.optional(appCounts) }),
  v.object({ lookupId: v.string(), status: v.literal('PENDING') }),
]);

export type CreateSessionRequest = v.InferOutput<typeof CreateSessionRequest>;
export type RequestCodeRequest = v.InferOutput<typeof RequestCodeRequest>;
export type SubmitQueryRequest = v.InferOutput<typeof SubmitQueryRequest>;
export type PartnerResultRequest = v.InferOutput<typeof PartnerResultRequest>;
export type PartnerCountRequest = v.InferOutput<typeof PartnerCountRequest>;
export type PartnerCountResponse = v.InferOutput<typeof PartnerCountResponse>;

export type QueryStatus = 'ACCEPTED' | 'LOOKING_UP' | 'COMPLETED' | 'REJECTED' | 'FAILED';
export type CompanyLookupStatus = 'PENDING' | 'DONE' | 'UNAVAILABLE';

export interface SessionResponse {
  token: string;
  expiresAt: string;
}
export interface RequestCodeResponse {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}
export interface QueryAccepted {
  queryId: string;
  status: QueryStatus;
  phoneMasked: string;
  acceptedAt: string;
  replyBy: string;
  smsPort: string;
}
export interface CompanyProgress {
  id: string;
  status: CompanyLookupStatus;
  count?: number;
}
/** One entry of `GET /v1/queries`: a query without its companies. */
export interface QuerySummary {
  queryId: string;
  status: QueryStatus;
  phoneMasked: string;
  acceptedAt: string;
  replyBy: string;
  completedAt?: string;
  smsSentAt?: string;
}
/** `GET /v1/queries` body: the caller's queries of the last 30 days, newest first, at most 20. */
export interface QueryListResponse {
  queries: QuerySummary[];
}
/** `GET /v1/queries/{queryId}` body: the summary and each company's progress. */
export interface QueryView extends QuerySummary {
  companies: CompanyProgress[];
}
/** `GET /v1/companies` body. */
export interface CompaniesResponse {
  companies: CompanyView[];
}
export interface OutboxMessage {
  to: string;
  from: string;
  text: string;
  segments: number;
  sentAt: string;
}

type BodyErrorCode = 'INVALID_REQUEST' | FieldErrorCode;
export type BodyResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: BodyErrorCode; field?: string } };

// Shape first (docs/api.md: INVALID_REQUEST), then contents with each field's own code.
type ContentCheck<T> = { [K in keyof T]?: (raw: string) => Validated<string> };

const SUBMIT_CONTENT: ContentCheck<SubmitQueryRequest> = {
  phone: validatePhone,
  idSuffix: validateIdSuffix,
  code: validateCode,
};

/**
 * Parses a `POST /v1/sessions` body: weapp and alipay need a non-empty login code (a device is
 * dropped); h5's code is dropped, and its device, when sent, must be 32–128 characters
 * `[A-Za-z0-9_-]` (else `INVALID_REQUEST` on `device`).
 */
export function parseCreateSessionBody(raw: string | undefined): BodyResult<CreateSessionRequest> {
  const parsed = parseShape(CreateSessionRequest, raw);
  if (!parsed.ok) return parsed;
  const { platform, code, device } = parsed.value;
  if (platform === 'h5') {
    if (device === undefined) return { ok: true, value: { platform } };
    if (!DEVICE.test(device)) return { ok: false, error: { code: 'INVALID_REQUEST', field: 'device' } };
    return { ok: true, value: { platform, device } };
  }
  if (!code) return { ok: false, error: { code: 'INVALID_REQUEST', field: 'code' } };
  return { ok: true, value: { platform, code } };
}

/** Parses a `POST /v1/verification-codes` body; the number comes back normalized. */
export function parseRequestCodeBody(raw: string | undefined): BodyResult<RequestCodeRequest> {
  return parseWith(RequestCodeRequest, { phone: validatePhone }, raw);
}

/** Parses a `POST /v1/queries` body; number and ID suffix come back normalized. */
export function parseSubmitQueryBody(raw: string | undefined): BodyResult<SubmitQueryRequest> {
  return parseWith(SubmitQueryRequest, SUBMIT_CONTENT, raw);
}

/** Parses a partner's callback body. */
export function parsePartnerResultBody(raw: string | undefined): BodyResult<PartnerResultRequest> {
  return parseShape(PartnerResultRequest, raw);
}

function parseWith<T extends Record<string, unknown>>(
  schema: v.GenericSchema<unknown, T>,
  content: ContentCheck<T>,
  raw: string | undefined,
): BodyResult<T> {
  const parsed = parseShape(schema, raw);
  if (!parsed.ok) return parsed;
  const value: Record<string, unknown> = { ...parsed.value };
  for (const [field, check] of Object.entries(content) as [string, (raw: string) => Validated<string>][]) {
    const result = check(value[field] as string);
    if (!result.ok) return { ok: false, error: result.error };
    value[field] = result.value;
  }
  return { ok: true, value: value as T };
}

/**
 * Checks a raw JSON body against a schema: a JSON object of at most 4 KiB, no unknown field, no
 * missing field, every field of the right JSON type. Any failure is `INVALID_REQUEST`, with `field`
 * where one field is to blame.
 */
export function parseShape<T>(schema: v.GenericSchema<unknown, T>, raw: string | undefined): BodyResult<T> {
  const invalid = (field?: string): BodyResult<T> => ({
    ok: false,
    error: field === undefined ? { code: 'INVALID_REQUEST' } : { code: 'INVALID_REQUEST', field },
  });
  if (raw === undefined || utf8Length(raw) > MAX_BODY_BYTES) return invalid();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return invalid();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid();
  const result = v.safeParse(schema, body);
  if (result.success) return { ok: true, value: result.output };
  return invalid(blamedField(result.issues));
}

function blamedField(issues: readonly v.BaseIssue<unknown>[]): string | undefined {
  const first = issues[0];
  const key = first?.path?.[0]?.key;
  return typeof key === 'string' ? key : undefined;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
