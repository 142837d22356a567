import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPANIES,
  countSegments,
  enabledCompanies,
  readSmsTemplate,
  renderCodeSms,
  renderPartialSms,
  renderResultSms,
  renderUnsuccessfulSms,
  SMS_SIGNATURE,
  SMS_TEMPLATES,
  smsEncoding,
} from '../src/index.ts';

const LAUNCH_IDS = ['tencent', 'alibaba', 'alipay', 'baidu', 'kuaishou', 'douyin', 'jd', 'meituan'];

describe('countSegments', () => {
  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ])('counts %i UCS-2 characters as %i segments', (length, segments) => {
    const text = SMS_SIGNATURE + '查'.repeat(length - SMS_SIGNATURE.length);
    expect(text).toHaveLength(length);
    expect(smsEncoding(text)).toBe('UCS-2');
    expect(countSegments(text)).toBe(segments);
  });

  it.each([
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
  ])('counts %i GSM-7 characters as %i segments', (length, segments) => {
    const text = 'a'.repeat(length);
    expect(smsEncoding(text)).toBe('GSM-7');
    expect(countSegments(text)).toBe(segments);
  });

  it('counts a GSM-7 extension character as two septets', () => {
    expect(countSegments('€'.repeat(80))).toBe(1);
    expect(countSegments('€'.repeat(81))).toBe(2);
  });

  it('switches to UCS-2 for one character outside the GSM set', () => {
    expect(smsEncoding(`${'a'.repeat(100)}查`)).toBe('UCS-2');
    expect(countSegments(`${'a'.repeat(100)}查`)).toBe(2);
  });
});

const MASKED = '138****8000';
/** Any count from 0 to `max` at each of the eight launch companies, in display order. */
const countsUpTo = (max: number) =>
  fc
    .tuple(...LAUNCH_IDS.map(() => fc.integer({ min: 0, max })))
    .map((counts) => LAUNCH_IDS.map((companyId, i) => ({ companyId, count: counts[i] ?? 0 })));
/** The launch companies split into those that answered (with counts up to 999) and those that did not. */
const partialOutcomes = fc
  .tuple(
    fc.subarray(LAUNCH_IDS, { minLength: 1 }),
    fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 8, maxLength: 8 }),
  )
  .map(([unavailable, counts]) => ({
    unavailable,
    counts: LAUNCH_IDS.filter((id) => !unavailable.includes(id)).map((companyId, i) => ({
      companyId,
      count: counts[i] ?? 0,
    })),
  }));
const names = (ids: readonly string[]) => ids.map((id) => COMPANIES.find((c) => c.id === id)?.name.zh ?? id);

describe('renderResultSms', () => {
  it('fits one segment whenever every count is at most 9', () => {
    fc.assert(
      fc.property(countsUpTo(9), (counts) => {
        const text = renderResultSms({ phoneMasked: MASKED, counts });
        expect(countSegments(text)).toBe(1);
        expect(text.length).toBeLessThanOrEqual(70);
      }),
    );
  });

  it('never takes more than two segments, with any count up to 999, and names every company with its count', () => {
    fc.assert(
      fc.property(countsUpTo(999), (counts) => {
        const text = renderResultSms({ phoneMasked: MASKED, counts });
        expect(countSegments(text)).toBeLessThanOrEqual(2);
        expect(text.startsWith(SMS_SIGNATURE)).toBe(true);
        for (const [i, { count }] of counts.entries()) {
          expect(text).toContain(`${names(LAUNCH_IDS)[i]}${count}`);
        }
      }),
    );
  });

  it('reads as one short sentence: which number, the counts, where to see details and unbind', () => {
    const text = renderResultSms({
      phoneMasked: MASKED,
      counts: [
        { companyId: 'tencent', count: 2 },
        { companyId: 'baidu', count: 0 },
      ],
    });
    expect(text).toBe('【一证通查】尾号8000关联互联网账号数：腾讯2，百度0。详情及解绑见一证通查小程序。');
    expect(text).not.toContain('138');
  });
});

describe('renderPartialSms', () => {
  it('names the companies that could not be asked and when to query again', () => {
    const text = renderPartialSms({
      phoneMasked: MASKED,
      counts: [{ companyId: 'tencent', count: 1 }],
      unavailable: ['jd', 'meituan'],
    });
    expect(text).toBe(
      '【一证通查】尾号8000关联互联网账号数：腾讯1；京东、美团暂时无法查询，请24小时后再查。详情及解绑见一证通查小程序。',
    );
  });

  it('says so plainly when no company could be asked', () => {
    expect(renderPartialSms({ phoneMasked: MASKED, counts: [], unavailable: ['tencent', 'alipay'] })).toBe(
      '【一证通查】尾号8000的查询：腾讯、支付宝暂时无法查询，请24小时后再查。',
    );
  });

  it('never takes more than two segments, whoever answered and with any count up to 999', () => {
    fc.assert(
      fc.property(partialOutcomes, ({ counts, unavailable }) => {
        const text = renderPartialSms({ phoneMasked: MASKED, counts, unavailable });
        expect(countSegments(text)).toBeLessThanOrEqual(2);
        expect(text).toContain(`${names(unavailable).join('、')}暂时无法查询`);
        for (const { companyId, count } of counts) expect(text).toContain(`${names([companyId])[0]}${count}`);
      }),
    );
  });
});

describe('fixed templates', () => {
  it('puts the code first in the verification message, says what it is for, its lifetime and never to share it', () => {
    const text = renderCodeSms('123456');
    expect(text).toBe(
      '【一证通查】您的验证码为123456，用于查询本号码关联的互联网账号，5分钟内有效。请勿告诉任何人，工作人员不会向您索要。',
    );
    expect(countSegments(text)).toBe(1);
  });

  it('tells the owner when a query was unsuccessful, why it may be and when to try again, in one segment', () => {
    const text = renderUnsuccessfulSms({ phoneMasked: MASKED });
    expect(text).toBe(
      '【一证通查】尾号8000查询未成功：手机号与身份证信息不符，或号码暂不支持查询。请核对信息，24小时后再试。',
    );
    expect(countSegments(text)).toBe(1);
  });

  it.each([
    ['the code', renderCodeSms('123456')],
    ['the result', renderResultSms({ phoneMasked: MASKED, counts: [{ companyId: 'jd', count: 3 }] })],
    ['the partial result', renderPartialSms({ phoneMasked: MASKED, counts: [], unavailable: ['jd'] })],
    ['the unsuccessful query', renderUnsuccessfulSms({ phoneMasked: MASKED })],
  ])('says each thing once in %s', (_name, text) => {
    // "请核对后24小时后再试" said 后 twice in one clause; no character but a digit stands twice in a row.
    expect(text).not.toMatch(/后[^，。；：]*后/u);
    expect(text.replace(/[0-9*]/g, '')).not.toMatch(/(.)\1/u);
  });
});

describe('enabledCompanies', () => {
  it('lists the eight launch companies in display order', () => {
    expect(enabledCompanies().map((company) => company.id)).toEqual(LAUNCH_IDS);
  });

  it('leaves out a disabled company and keeps the order of the rest', () => {
    const list = [...COMPANIES].reverse().map((company) => ({ ...company, enabled: company.id !== 'baidu' }));
    expect(enabledCompanies(list).map((company) => company.id)).toEqual(
      LAUNCH_IDS.filter((id) => id !== 'baidu'),
    );
  });

  it('gives every company a dialable hotline, apps and a guide in both languages', () => {
    for (const company of COMPANIES) {
      expect(company.hotline).toMatch(/^[0-9-]+$/);
      expect(company.apps.length).toBeGreaterThan(0);
      expect(company.unbindGuide.zh.length).toBeGreaterThan(10);
      expect(company.unbindGuide.en.length).toBeGreaterThan(10);
    }
  });
});

describe('SMS templates', () => {
  const MASKED_PHONE = '138****8000';
  it.each([
    ['code', renderCodeSms('123456'), { code: '123456', minutes: '5' }],
    [
      'result',
      renderResultSms({ phoneMasked: MASKED_PHONE, counts: [{ companyId: 'tencent', count: 2 }] }),
      { number: '尾号8000', accounts: '腾讯2' },
    ],
    [
      'partial',
      renderPartialSms({
        phoneMasked: MASKED_PHONE,
        counts: [{ companyId: 'tencent', count: 2 }],
        unavailable: ['jd'],
      }),
      { number: '尾号8000', accounts: '腾讯2', missing: '京东', hours: '24' },
    ],
    [
      'unanswered',
      renderPartialSms({ phoneMasked: MASKED_PHONE, counts: [], unavailable: ['jd', 'baidu'] }),
      { number: '尾号8000', missing: '京东、百度', hours: '24' },
    ],
    [
      'unsuccessful',
      renderUnsuccessfulSms({ phoneMasked: MASKED_PHONE }),
      { number: '尾号8000', hours: '24' },
    ],
  ] as const)('reads the %s message back as its registered template and variables', (name, text, params) => {
    expect(readSmsTemplate(text)).toEqual({ name, params });
    // Filling the registered template with the variables gives the text that was sent.
    const filled = SMS_TEMPLATES[name].replace(
      /\$\{(\w+)\}/g,
      (_, key: string) => (params as Record<string, string>)[key] ?? '',
    );
    expect(`【一证通查】${filled}`).toBe(text);
  });

  it('reads no template from a text that is not one of them', () => {
    expect(readSmsTemplate('【一证通查】hello')).toBeUndefined();
    expect(readSmsTemplate(renderCodeSms('123456').slice('【一证通查】'.length))).toBeUndefined();
  });
});
