import { SMS_PORT } from './sms.ts';

/** Every error code the public and partner APIs answer with. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNAUTHORIZED'
  | 'INVALID_REQUEST'
  | 'INVALID_PHONE'
  | 'INVALID_ID_SUFFIX'
  | 'INVALID_CODE'
  | 'LOGIN_FAILED'
  | 'NUMBER_NOT_IN_SERVICE'
  | 'QUERY_COOLDOWN'
  | 'TOO_MANY_REQUESTS'
  | 'CODE_INCORRECT'
  | 'CODE_EXPIRED'
  | 'CODE_ATTEMPTS_EXCEEDED'
  | 'QUERY_NOT_FOUND'
  | 'BAD_SIGNATURE'
  | 'LOOKUP_NOT_FOUND'
  | 'LOOKUP_CLOSED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

export type Locale = 'zh-CN' | 'en';

/** What a message may mention beyond its code. */
export interface ErrorDetails {
  /**
   * The wait, said in words. Without it a 429 message says "later" (the app shows the wait on the
   * button beside it instead, where it counts down and so never goes stale).
   */
  retryAfterSeconds?: number;
  attemptsLeft?: number;
  /**
   * When the number may be queried again, already written in the reader's time zone (a client
   * knows it, the service does not); `QUERY_COOLDOWN` then says that time instead of the wait.
   */
  retryAt?: string;
}

/** The body of every error response. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    retryAfterSeconds?: number;
    attemptsLeft?: number;
  };
}

/** The HTTP status of each error code. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHORIZED: 401,
  INVALID_REQUEST: 400,
  INVALID_PHONE: 400,
  INVALID_ID_SUFFIX: 400,
  INVALID_CODE: 400,
  LOGIN_FAILED: 401,
  NUMBER_NOT_IN_SERVICE: 422,
  QUERY_COOLDOWN: 429,
  TOO_MANY_REQUESTS: 429,
  CODE_INCORRECT: 403,
  CODE_EXPIRED: 403,
  CODE_ATTEMPTS_EXCEEDED: 429,
  QUERY_NOT_FOUND: 404,
  BAD_SIGNATURE: 401,
  LOOKUP_NOT_FOUND: 404,
  LOOKUP_CLOSED: 409,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

type Message = (details: ErrorDetails) => string;

const zh: Record<ErrorCode, Message> = {
  NOT_FOUND: () => '没有找到这个地址，请返回首页重新进入。',
  METHOD_NOT_ALLOWED: () => '这个地址不支持该操作，请返回首页重新进入。',
  UNAUTHORIZED: () => '登录已过期，请关闭页面后重新进入。',
  INVALID_REQUEST: () => '提交的内容不完整或格式有误，请检查后重新提交。',
  INVALID_PHONE: () => '请输入正确的11位手机号码。',
  INVALID_ID_SUFFIX: () => '请输入身份证号码的后六位，最后一位可以是数字或X。',
  INVALID_CODE: () => '请输入短信中的6位数字验证码。',
  LOGIN_FAILED: () => '登录没有成功，请稍后重新打开小程序再试。',
  NUMBER_NOT_IN_SERVICE: () => '该号码已销号或不存在，无法查询。如有疑问，请联系号码所属运营商。',
  QUERY_COOLDOWN: (d) =>
    d.retryAt === undefined
      ? `该号码24小时内已查询过，结果会由${SMS_PORT}发短信到这个号码，请查看短信。请在${zhWait(d.retryAfterSeconds)}后再查询。`
      : `该号码24小时内已查询过，结果会由${SMS_PORT}发短信到这个号码，请查看短信。${d.retryAt}以后可以再次查询。`,
  TOO_MANY_REQUESTS: (d) =>
    d.retryAfterSeconds === undefined
      ? '操作太频繁，请稍后再试。'
      : `操作太频繁，请在${zhWait(d.retryAfterSeconds)}后再试。`,
  CODE_INCORRECT: (d) =>
    d.attemptsLeft === undefined
      ? '验证码不正确，请核对短信后重新输入。'
      : `验证码不正确，请核对短信后重新输入。还可以再试${d.attemptsLeft}次。`,
  CODE_EXPIRED: () => '验证码已失效，请重新获取验证码。',
  CODE_ATTEMPTS_EXCEEDED: (d) =>
    d.retryAfterSeconds === undefined
      ? '验证码错误次数过多，已失效。请稍后重新获取验证码。'
      : `验证码错误次数过多，已失效。请在${zhWait(d.retryAfterSeconds)}后重新获取验证码。`,
  QUERY_NOT_FOUND: () => '没有找到这次查询，请重新提交查询。',
  BAD_SIGNATURE: () => '签名校验失败。',
  LOOKUP_NOT_FOUND: () => '没有找到这次查询。',
  LOOKUP_CLOSED: () => '这次查询已经结束。',
  INTERNAL_ERROR: () => '服务暂时出现问题，请稍后再试。',
  SERVICE_UNAVAILABLE: () => '服务繁忙，请稍后再试。',
};

const en: Record<ErrorCode, Message> = {
  NOT_FOUND: () => 'This address does not exist. Please go back to the home page.',
  METHOD_NOT_ALLOWED: () => 'This address does not support that action. Please go back to the home page.',
  UNAUTHORIZED: () => 'Your sign-in has expired. Please close the page and open it again.',
  INVALID_REQUEST: () => 'The request is incomplete or malformed. Please check it and send it again.',
  INVALID_PHONE: () => 'Please enter a valid 11-digit mobile number.',
  INVALID_ID_SUFFIX: () =>
    'Please enter the last six characters of your ID number; the last one may be a digit or X.',
  INVALID_CODE: () => 'Please enter the 6-digit code from the text message.',
  LOGIN_FAILED: () => 'Sign-in did not succeed. Please reopen the app in a moment and try again.',
  NUMBER_NOT_IN_SERVICE: () =>
    'This number is cancelled or does not exist, so it cannot be queried. Please ask your carrier if in doubt.',
  QUERY_COOLDOWN: (d) =>
    d.retryAt === undefined
      ? `This number was already queried in the last 24 hours; the result goes by text message from ${SMS_PORT} to that number. Please query again in ${enWait(d.retryAfterSeconds)}.`
      : `This number was already queried in the last 24 hours; the result goes by text message from ${SMS_PORT} to that number. It can be queried again from ${d.retryAt}.`,
  TOO_MANY_REQUESTS: (d) =>
    d.retryAfterSeconds === undefined
      ? 'Too many attempts. Please try again a little later.'
      : `Too many attempts. Please try again in ${enWait(d.retryAfterSeconds)}.`,
  CODE_INCORRECT: (d) =>
    d.attemptsLeft === undefined
      ? 'The code is not correct. Please check the text message and enter it again.'
      : `The code is not correct. Please check the text message and enter it again. ${d.attemptsLeft} ${
          d.attemptsLeft === 1 ? 'try' : 'tries'
        } left.`,
  CODE_EXPIRED: () => 'This code is no longer valid. Please request a new code.',
  CODE_ATTEMPTS_EXCEEDED: (d) =>
    d.retryAfterSeconds === undefined
      ? 'Too many wrong codes: this code is now void. Please request a new code a little later.'
      : `Too many wrong codes: this code is now void. Please request a new code in ${enWait(d.retryAfterSeconds)}.`,
  QUERY_NOT_FOUND: () => 'This query was not found. Please submit a new query.',
  BAD_SIGNATURE: () => 'The signature is not valid.',
  LOOKUP_NOT_FOUND: () => 'This lookup was not found.',
  LOOKUP_CLOSED: () => 'This lookup has already been closed.',
  INTERNAL_ERROR: () => 'Something went wrong on our side. Please try again later.',
  SERVICE_UNAVAILABLE: () => 'The service is busy. Please try again later.',
};

/**
 * The user-facing message for an error code, saying what to do next.
 *
 * @example errorMessage('QUERY_COOLDOWN', 'en', { retryAfterSeconds: 7200 })
 * // 'This number was already queried in the last 24 hours. Please try again in 2 hours.'
 */
export function errorMessage(code: ErrorCode, locale: Locale, details: ErrorDetails = {}): string {
  return (locale === 'en' ? en : zh)[code](details);
}

/** Builds the error response body with its message in the given locale. */
export function buildErrorBody(
  code: ErrorCode,
  locale: Locale,
  details: ErrorDetails & { field?: string } = {},
): ApiErrorBody {
  const error: ApiErrorBody['error'] = { code, message: errorMessage(code, locale, details) };
  if (details.field !== undefined) error.field = details.field;
  if (details.retryAfterSeconds !== undefined) error.retryAfterSeconds = details.retryAfterSeconds;
  if (details.attemptsLeft !== undefined) error.attemptsLeft = details.attemptsLeft;
  return { error };
}

/**
 * The locale of the first `Accept-Language` tag that starts with `zh` or `en`; `zh-CN` otherwise.
 *
 * @example pickLocale('fr-FR, en-GB;q=0.8, zh;q=0.5') // 'en'
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = (part.split(';')[0] ?? '').trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** A wait in plain Chinese words, rounded up to the unit a person would use. */
function zhWait(seconds: number | undefined): string {
  const { amount, unit } = splitWait(seconds);
  return `${amount}${{ second: '秒', minute: '分钟', hour: '小时' }[unit]}`;
}

function enWait(seconds: number | undefined): string {
  const { amount, unit } = splitWait(seconds);
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

function splitWait(seconds: number | undefined): { amount: number; unit: 'second' | 'minute' | 'hour' } {
  const s = Math.max(1, Math.ceil(seconds ?? 60));
  if (s < 60) return { amount: s, unit: 'second' };
  if (s < 3600) return { amount: Math.ceil(s / 60), unit: 'minute' };
  return { amount: Math.ceil(s / 3600), unit: 'hour' };
}
