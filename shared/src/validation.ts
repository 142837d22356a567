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
 * White space of every kind (JavaScript's `\s`: U+0009–U+000D, U+0020, U+00A0, U+1680,
 * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), plus the zero-width and direction
 * marks that copying from chats and contact cards leaves behind: U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+2064.
 */
const INVISIBLE = /[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064]/gu;
/** Hyphens and dashes: U+002D, U+2010–U+2015, U+2212; and parentheses (full-width ones are ASCII after NFKC). */
const PHONE_PUNCTUATION = /[-\u2010-\u2015\u2212()]/g;
/** The country prefixes a mainland number may carry: `+86`, `0086`, `86`. */
const COUNTRY_PREFIX = /^(?:\+86|0086|86)(?=1\d{10}$)/;

/**
 * Normalizes any text field a person may have pasted (docs/api.md, "Every text field is
 * normalized"): Unicode NFKC, so full-width `１３８` and `Ｘ` become ASCII, then every white space,
 * zero-width and direction mark removed. Nothing else is stripped. Normalizing twice changes nothing.
 *
 * @example normalizeText('０１２３４ｘ\u200B') // '01234x'
 */
export function normalizeText(raw: string): string {
  // NFKC once more: a removed mark can leave a combining mark beside a letter it composes with.
  return raw.normalize('NFKC').replace(INVISIBLE, '').normalize('NFKC');
}

/**
 * Puts a mobile number in its canonical form: {@link normalizeText}, then hyphens, dashes and
 * parentheses removed, then an optional `+86`, `0086` or `86` prefix dropped when 11 digits
 * starting with 1 follow it. The result is not validated; normalizing twice changes nothing.
 *
 * @example normalizePhone('+86 (138) 0013–8000') // '13800138000'
 * @example normalizePhone('１３８\u00A00013\u30008000') // '13800138000'
 */
export function normalizePhone(raw: string): string {
  return normalizeText(raw).replace(PHONE_PUNCTUATION, '').normalize('NFKC').replace(COUNTRY_PREFIX, '');
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
  const idSuffix = normalizeText(raw).toUpperCase();
  return ID_SUFFIX.test(idSuffix) ? { ok: true, value: idSuffix } : fail('INVALID_ID_SUFFIX', 'idSuffix');
}

/**
 * Validates a 6-digit verification code after {@link normalizeText} (full-width digits and spaces
 * pasted from the SMS are accepted).
 *
 * @example validateCode('１２３ ４５６') // { ok: true, value: '123456' }
 */
export function validateCode(raw: string): Validated<string> {
  const code = normalizeText(raw);
  return CODE.test(code) ? { ok: true, value: code } : fail('INVALID_CODE', 'code');
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
