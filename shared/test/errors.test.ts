import { describe, expect, it } from 'vitest';
import { buildErrorBody, ERROR_STATUS, type ErrorCode, errorMessage, pickLocale } from '../src/index.ts';

const CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

describe('error catalogue', () => {
  it.each([
    ['NOT_FOUND', 404],
    ['METHOD_NOT_ALLOWED', 405],
    ['UNAUTHORIZED', 401],
    ['INVALID_REQUEST', 400],
    ['INVALID_PHONE', 400],
    ['INVALID_ID_SUFFIX', 400],
    ['INVALID_CODE', 400],
    ['LOGIN_FAILED', 401],
    ['NUMBER_NOT_IN_SERVICE', 422],
    ['QUERY_COOLDOWN', 429],
    ['TOO_MANY_REQUESTS', 429],
    ['CODE_INCORRECT', 403],
    ['CODE_EXPIRED', 403],
    ['CODE_ATTEMPTS_EXCEEDED', 429],
    ['QUERY_NOT_FOUND', 404],
    ['BAD_SIGNATURE', 401],
    ['LOOKUP_NOT_FOUND', 404],
    ['LOOKUP_CLOSED', 409],
  ] as const)('answers %s with HTTP %i', (code, status) => {
    expect(ERROR_STATUS[code]).toBe(status);
  });

  it.each(CODES)('has a zh-CN and an en message for %s', (code) => {
    expect(errorMessage(code, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    expect(errorMessage(code, 'en')).toMatch(/^[\x20-\x7e]+$/);
  });

  it('says when the number may be queried again', () => {
    expect(errorMessage('QUERY_COOLDOWN', 'zh-CN', { retryAfterSeconds: 3 * 3600 - 10 })).toContain(
      '3小时后',
    );
    expect(errorMessage('QUERY_COOLDOWN', 'en', { retryAfterSeconds: 90 })).toContain('2 minutes');
    expect(errorMessage('TOO_MANY_REQUESTS', 'en', { retryAfterSeconds: 1 })).toContain('1 second');
  });

  it('says the time the number may be queried again once, instead of the wait, when given one', () => {
    const zh = errorMessage('QUERY_COOLDOWN', 'zh-CN', {
      retryAfterSeconds: 7200,
      retryAt: '11月29日 10:05',
    });
    expect(zh).toBe(
      '该号码24小时内已查询过，结果会由10699000发短信到这个号码，请查看短信。11月29日 10:05以后可以再次查询。',
    );
    expect(errorMessage('QUERY_COOLDOWN', 'en', { retryAt: '10:05 on 29 Nov' })).toBe(
      'This number was already queried in the last 24 hours; the result goes by text message from 10699000 to that number. It can be queried again from 10:05 on 29 Nov.',
    );
  });

  it.each(['TOO_MANY_REQUESTS', 'CODE_ATTEMPTS_EXCEEDED'] as const)(
    'leaves the wait out of %s when it is not given (the app counts it down on the button)',
    (code) => {
      expect(errorMessage(code, 'zh-CN')).toContain('稍后');
      expect(errorMessage(code, 'zh-CN')).not.toMatch(/\d/);
      expect(errorMessage(code, 'en')).toContain('a little later');
    },
  );

  it('says how many tries are left', () => {
    expect(errorMessage('CODE_INCORRECT', 'zh-CN', { attemptsLeft: 3 })).toContain('还可以再试3次');
    expect(errorMessage('CODE_INCORRECT', 'en', { attemptsLeft: 1 })).toContain('1 try left');
  });

  it('builds a body with only the details given', () => {
    expect(buildErrorBody('INVALID_PHONE', 'en', { field: 'phone' })).toEqual({
      error: { code: 'INVALID_PHONE', message: errorMessage('INVALID_PHONE', 'en'), field: 'phone' },
    });
    expect(
      buildErrorBody('CODE_ATTEMPTS_EXCEEDED', 'zh-CN', { attemptsLeft: 0, retryAfterSeconds: 40 }).error,
    ).toEqual(expect.objectContaining({ attemptsLeft: 0, retryAfterSeconds: 40 }));
  });
});

describe('pickLocale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, en-GB;q=0.8, zh;q=0.5', 'en'],
    ['fr-FR, de', 'zh-CN'],
    ['EN', 'en'],
  ] as const)('picks %j as %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale);
  });
});
