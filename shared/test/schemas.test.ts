import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  parseCreateSessionBody,
  parsePartnerResultBody,
  parseRequestCodeBody,
  parseSubmitQueryBody,
} from '../src/index.ts';

const submit = (body: unknown) => parseSubmitQueryBody(JSON.stringify(body));

describe('parseSubmitQueryBody', () => {
  it('returns the normalized number and ID suffix', () => {
    expect(submit({ phone: '+86 138-0013-8000', idSuffix: '01234x', code: '123456' })).toEqual({
      ok: true,
      value: { phone: '13800138000', idSuffix: '01234X', code: '123456' },
    });
  });

  it.each([
    ['a body that is not JSON', '{"phone":', undefined],
    ['an array', '[]', undefined],
    ['null', 'null', undefined],
    ['a string', '"13800138000"', undefined],
    ['no body at all', undefined, undefined],
    ['an unknown field', '{"phone":"13800138000","idSuffix":"01234X","code":"123456","name":"x"}', 'name'],
    ['a missing field', '{"phone":"13800138000","idSuffix":"01234X"}', 'code'],
    ['a number where a string belongs', '{"phone":13800138000,"idSuffix":"01234X","code":"123456"}', 'phone'],
    ['null where a string belongs', '{"phone":"13800138000","idSuffix":null,"code":"123456"}', 'idSuffix'],
  ])('answers INVALID_REQUEST for %s', (_case, raw, field) => {
    const result = parseSubmitQueryBody(raw);
    expect(result).toEqual({
      ok: false,
      error: field ? { code: 'INVALID_REQUEST', field } : { code: 'INVALID_REQUEST' },
    });
  });

  it('answers INVALID_REQUEST for a body over 4 KiB, before looking inside', () => {
    const raw = JSON.stringify({
      phone: '13800138000',
      idSuffix: '01234X',
      code: '123456',
      pad: 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(parseSubmitQueryBody(raw)).toEqual({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it.each([
    [{ phone: '1380013800', idSuffix: '01234X', code: '123456' }, 'INVALID_PHONE', 'phone'],
    [{ phone: '13800138000', idSuffix: '00000X', code: '123456' }, 'INVALID_ID_SUFFIX', 'idSuffix'],
    [{ phone: '13800138000', idSuffix: '01234X', code: '12345' }, 'INVALID_CODE', 'code'],
  ])('answers the field code for invalid contents of %j', (body, code, field) => {
    expect(submit(body)).toEqual({ ok: false, error: { code, field } });
  });

  it('never throws, whatever the body, and accepts only canonical values', () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({ phone: fc.anything(), idSuffix: fc.anything(), code: fc.anything() }, { requiredKeys: [] })
        .map((body) => JSON.stringify(body)),
      fc.constantFrom('{"__proto__":{"x":1},"phone":"13800138000"}', '{"constructor":{"prototype":{}}}'),
    );
    fc.assert(
      fc.property(bodies, (raw) => {
        const result = parseSubmitQueryBody(raw);
        if (result.ok) {
          expect(result.value.phone).toMatch(/^1[3-9]\d{9}$/);
          expect(result.value.code).toMatch(/^\d{6}$/);
        } else {
          expect(['INVALID_REQUEST', 'INVALID_PHONE', 'INVALID_ID_SUFFIX', 'INVALID_CODE']).toContain(
            result.error.code,
          );
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('names a __proto__ key as unknown instead of letting it through', () => {
    const result = parseSubmitQueryBody(
      '{"phone":"13800138000","idSuffix":"01234X","code":"123456","__proto__":{}}',
    );
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', field: '__proto__' } });
  });
});

describe('parseRequestCodeBody', () => {
  it('accepts a number and answers INVALID_PHONE for a bad one', () => {
    expect(parseRequestCodeBody('{"phone":"13800138000"}')).toEqual({
      ok: true,
      value: { phone: '13800138000' },
    });
    expect(parseRequestCodeBody('{"phone":"abc"}')).toEqual({
      ok: false,
      error: { code: 'INVALID_PHONE', field: 'phone' },
    });
  });
});

describe('parseCreateSessionBody', () => {
  it.each([
    ['{"platform":"h5"}', { ok: true, value: { platform: 'h5' } }],
    ['{"platform":"h5","code":"ignored"}', { ok: true, value: { platform: 'h5' } }],
    [
      `{"platform":"h5","device":"${'a'.repeat(32)}"}`,
      { ok: true, value: { platform: 'h5', device: 'a'.repeat(32) } },
    ],
    [
      `{"platform":"h5","device":"Az09_-${'x'.repeat(122)}"}`,
      { ok: true, value: { platform: 'h5', device: `Az09_-${'x'.repeat(122)}` } },
    ],
    [
      `{"platform":"h5","device":"${'a'.repeat(31)}"}`,
      { ok: false, error: { code: 'INVALID_REQUEST', field: 'device' } },
    ],
    [
      `{"platform":"h5","device":"${'a'.repeat(129)}"}`,
      { ok: false, error: { code: 'INVALID_REQUEST', field: 'device' } },
    ],
    [
      `{"platform":"h5","device":"${'a'.repeat(31)}="}`,
      { ok: false, error: { code: 'INVALID_REQUEST', field: 'device' } },
    ],
    [
      `{"platform":"h5","device":"${'中'.repeat(40)}"}`,
      { ok: false, error: { code: 'INVALID_REQUEST', field: 'device' } },
    ],
    ['{"platform":"h5","device":12}', { ok: false, error: { code: 'INVALID_REQUEST', field: 'device' } }],
    [
      `{"platform":"weapp","code":"c1","device":"short"}`,
      { ok: true, value: { platform: 'weapp', code: 'c1' } },
    ],
    ['{"platform":"weapp","code":"0a1b2c"}', { ok: true, value: { platform: 'weapp', code: '0a1b2c' } }],
    ['{"platform":"alipay"}', { ok: false, error: { code: 'INVALID_REQUEST', field: 'code' } }],
    ['{"platform":"weapp","code":""}', { ok: false, error: { code: 'INVALID_REQUEST', field: 'code' } }],
    ['{"platform":"android"}', { ok: false, error: { code: 'INVALID_REQUEST', field: 'platform' } }],
    ['{}', { ok: false, error: { code: 'INVALID_REQUEST', field: 'platform' } }],
  ])('parses %s', (raw, expected) => {
    expect(parseCreateSessionBody(raw)).toEqual(expected);
  });
});

describe('parsePartnerResultBody', () => {
  it.each([
    ['{"lookupId":"l1","count":2}', true],
    ['{"lookupId":"l1","count":2,"apps":[{"app":"微信","count":2}]}', true],
    ['{"lookupId":"l1","count":-1}', false],
    ['{"lookupId":"l1","count":1.5}', false],
    ['{"lookupId":"l1"}', false],
    ['{"lookupId":"","count":0}', true],
  ])('parses %s as ok=%s', (raw, ok) => {
    expect(parsePartnerResultBody(raw).ok).toBe(ok);
  });
});
