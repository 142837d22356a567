/** The field-level error codes of the public API. */
export type FieldErrorCode = 'INVALID_PHONE' | 'INVALID_ID_SUFFIX' | 'INVALID_CODE';
export type ValidatedField = 'phone' | 'idSuffix' | 'code';

export interface FieldError {
  code: FieldErrorCode;
  field: ValidatedField;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const MOBILE = /^1[3-9]\d{9}$/;
const ID_SUFFIX = /^(0[1-9]|[12]\d|3[01])\d{3}[0-9X]$/;
const CODE = /^\d{6}$/;

/**
 * Puts a mobile number in its canonical 11-digit form: spaces and hyphens removed, then an optional
 * `+86` or `86` prefix dropped. The result is not validated.
 *
 * @example normalizePhone('+86 138-0013-8000') // '13800138000'
 */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[ -]/g, '');
  if (compact.startsWith('+86')) return compact.slice(3);
  // Only drop a bare "86" when what remains could be a number: "86" alone is not a prefix.
  if (compact.startsWith('86') && compact.length === 13) return compact.slice(2);
  return compact;
}

/**
 * Normalizes and validates a mainland mobile number (`^1[3-9]\d{9}$` after normalization).
 *
 * @example validatePhone('138 0013 8000') // { ok: true, value: '13800138000' }
 */
export function validatePhone(raw: string): Validated<string> {
  const phone = normalizePhone(raw);
  return MOBILE.test(phone) ? { ok: true, value: phone } : fail('INVALID_PHONE', 'phone');
}

/**
 * Validates the last six characters of an 18-character resident ID number: day of birth (01–31),
 * three digits of sequence and a check character (digit or `X`; a lower-case `x` is upper-cased).
 *
 * @example validateIdSuffix('01234x') // { ok: true, value: '01234X' }
 */
export function validateIdSuffix(raw: string): Validated<string> {
  const idSuffix = raw.toUpperCase();
  return raw.length === 6 && ID_SUFFIX.test(idSuffix)
    ? { ok: true, value: idSuffix }
    : fail('INVALID_ID_SUFFIX', 'idSuffix');
}

/** Validates a 6-digit verification code. */
export function validateCode(raw: string): Validated<string> {
  return CODE.test(raw) ? { ok: true, value: raw } : fail('INVALID_CODE', 'code');
}

/**
 * Masks a canonical mobile number for display: the first three and last four digits stay.
 *
 * @example maskPhone('13800138000') // '138****8000'
 */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

function fail(code: FieldErrorCode, field: ValidatedField): { ok: false; error: FieldError } {
  return { ok: false, error: { code, field } };
}
