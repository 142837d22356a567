import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskPhone,
  normalizePhone,
  normalizeText,
  validateCode,
  validateIdSuffix,
  validatePhone,
} from '../src/index.ts';

describe('validatePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['19912345678', '19912345678'],
    // Pasted from contact cards, chats and other apps.
    ['１３８００１３８０００', '13800138000'],
    ['138\u00A00013\u00A08000', '13800138000'],
    ['138\u30000013\u30008000', '13800138000'],
    ['\u200B13800138000\u200D', '13800138000'],
    ['\u202A+86 138 0013 8000\u202C', '13800138000'],
    ['\uFEFF13800138000\u2060', '13800138000'],
    ['138–0013–8000', '13800138000'],
    ['138—0013—8000', '13800138000'],
    ['138\u22120013\u22128000', '13800138000'],
    ['(+86) 138 0013 8000', '13800138000'],
    ['（＋８６）１３８－００１３－８０００', '13800138000'],
    ['13800138000\n', '13800138000'],
    ['\t13800138000\r\n', '13800138000'],
  ])('accepts %j as %s', (raw, phone) => {
    expect(validatePhone(raw)).toEqual({ ok: true, value: phone });
  });

  it.each([
    '',
    '1380013800',
    '138001380000',
    '12800138000',
    '23800138000',
    '1380013800a',
    '+85213800138000',
    '86',
    '+86',
    '0086',
    '868613800138000',
    '+8613800138000a',
    '138.0013.8000',
    '138/0013/8000',
    '138_0013_8000',
    '138·0013·8000',
    '١٣٨٠٠١٣٨٠٠٠',
    '13800138000#',
    '+＋8613800138000',
  ])('refuses %j with INVALID_PHONE on field phone', (raw) => {
    expect(validatePhone(raw)).toEqual({ ok: false, error: { code: 'INVALID_PHONE', field: 'phone' } });
  });

  it('normalizes every accepted number to a canonical form that is accepted again unchanged', () => {
    const mobile = fc
      .tuple(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), fc.stringMatching(/^\d{9}$/))
      .map(([second, rest]) => `1${second}${rest}`);
    const decorated = fc
      .tuple(mobile, fc.constantFrom('', '+86', '86', '+86 '), fc.boolean())
      .map(
        ([phone, prefix, hyphens]) =>
          prefix + (hyphens ? `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}` : phone),
      );
    fc.assert(
      fc.property(decorated, (raw) => {
        const first = validatePhone(raw);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        expect(validatePhone(first.value)).toEqual(first);
        expect(normalizePhone(first.value)).toBe(first.value);
      }),
    );
  });

  it('normalizes pasted numbers: any mix of white space, invisible marks, dashes and full-width digits', () => {
    const filler = fc.constantFrom(
      '',
      ' ',
      '\u00A0',
      '\u3000',
      '\t',
      '\u200B',
      '\u200E',
      '\u202D',
      '\u2060',
      '\uFEFF',
      '-',
      '\u2013',
      '\u2014',
      '\u2212',
    );
    const fullWidth = (digit: string) => String.fromCodePoint(0xff10 + Number(digit));
    const pasted = fc
      .tuple(
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.constantFrom('', '+86', '0086', '86', '＋８６', '(+86)'),
        fc.array(filler, { minLength: 12, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
      )
      .map(([phone, prefix, fillers, wide]) => ({
        phone,
        raw:
          fillers[0] +
          prefix +
          [...phone].map((digit, i) => (wide[i] ? fullWidth(digit) : digit) + fillers[i + 1]).join(''),
      }));
    fc.assert(
      fc.property(pasted, ({ phone, raw }) => {
        expect(validatePhone(raw)).toEqual({ ok: true, value: phone });
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['ａ\u1FED', 'a-\u0308', 'a \u0308'])('normalizing %j twice changes nothing', (raw) => {
    expect(normalizePhone(normalizePhone(raw))).toBe(normalizePhone(raw));
    expect(normalizeText(normalizeText(raw))).toBe(normalizeText(raw));
  });

  it('normalizing twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (raw) => {
        expect(normalizePhone(normalizePhone(raw))).toBe(normalizePhone(raw));
        expect(normalizeText(normalizeText(raw))).toBe(normalizeText(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a number that still holds any letter or symbol other than those the normalization removes', () => {
    const removable = /[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\-\u2010-\u2015\u2212()+]/u;
    const other = fc
      .string({ unit: 'grapheme-composite', minLength: 1, maxLength: 2 })
      .filter((extra) => [...extra.normalize('NFKC')].some((c) => !/\d/.test(c) && !removable.test(c)));
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), other, fc.nat(11), (phone, extra, at) => {
        const raw = phone.slice(0, at) + extra + phone.slice(at);
        expect(validatePhone(raw).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws and only ever accepts a canonical mobile number', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (raw) => {
        const result = validatePhone(raw);
        if (result.ok) expect(result.value).toMatch(/^1[3-9]\d{9}$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validateIdSuffix', () => {
  it.each([
    ['01234X', '01234X'],
    ['01234x', '01234X'],
    ['310000', '310000'],
    ['151239', '151239'],
  ])('accepts %j as %s', (raw, idSuffix) => {
    expect(validateIdSuffix(raw)).toEqual({ ok: true, value: idSuffix });
  });

  it.each([
    [' 01234X', '01234X'],
    ['01234Ｘ', '01234X'],
    ['０１２３４ｘ', '01234X'],
    ['\u200B01234x\u00A0', '01234X'],
    ['012\u3000345', '012345'],
  ])('normalizes pasted %j to %s', (raw, idSuffix) => {
    expect(validateIdSuffix(raw)).toEqual({ ok: true, value: idSuffix });
  });

  it.each(['', '00123X', '32123X', '0123X', '012345X', '01234Y', 'X1234X', '01234-X', '01234.X'])(
    'refuses %j with INVALID_ID_SUFFIX on field idSuffix',
    (raw) => {
      expect(validateIdSuffix(raw)).toEqual({
        ok: false,
        error: { code: 'INVALID_ID_SUFFIX', field: 'idSuffix' },
      });
    },
  );

  it('accepts its own canonical form unchanged and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^(0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]$/), fc.string()), (raw) => {
        const result = validateIdSuffix(raw);
        if (!result.ok) return;
        expect(result.value).toMatch(/^(0[1-9]|[12]\d|3[01])\d{3}[0-9X]$/);
        expect(validateIdSuffix(result.value)).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validateCode', () => {
  it.each(['000000', '123456', '999999'])('accepts %j', (raw) => {
    expect(validateCode(raw)).toEqual({ ok: true, value: raw });
  });

  it.each([
    [' 123456', '123456'],
    ['１２３４５６', '123456'],
    ['123\u00A0456', '123456'],
  ])('normalizes pasted %j to %s', (raw, code) => {
    expect(validateCode(raw)).toEqual({ ok: true, value: code });
  });

  it.each(['', '12345', '1234567', '12345a', '123-456'])('refuses %j with INVALID_CODE', (raw) => {
    expect(validateCode(raw)).toEqual({ ok: false, error: { code: 'INVALID_CODE', field: 'code' } });
  });

  it('accepts its own output unchanged and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{6}$/), fc.string()), (raw) => {
        const result = validateCode(raw);
        if (result.ok) expect(validateCode(result.value)).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('never reveals the middle four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(11);
        expect(masked.slice(3, 7)).toBe('****');
        expect(masked.slice(0, 3) + phone.slice(3, 7) + masked.slice(7)).toBe(phone);
      }),
    );
  });
});
