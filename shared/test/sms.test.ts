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

describe('renderResultSms', () => {
  it('fits all eight launch companies with 99 accounts each in two segments', () => {
    const text = renderResultSms({
      phoneMasked: '138****8000',
      counts: LAUNCH_IDS.map((companyId) => ({ companyId, count: 99 })),
    });
    expect(text.startsWith(SMS_SIGNATURE)).toBe(true);
    for (const company of COMPANIES) expect(text).toContain(`${company.name.zh}99个`);
    expect(countSegments(text)).toBeLessThanOrEqual(2);
  });

  it('names the masked number and never the full one', () => {
    const text = renderResultSms({
      phoneMasked: '138****8000',
      counts: [{ companyId: 'tencent', count: 2 }],
    });
    expect(text).toContain('138****8000');
    expect(text).toContain('腾讯2个');
  });
});

describe('renderPartialSms', () => {
  it('names the companies that did not answer and when to query again', () => {
    const text = renderPartialSms({
      phoneMasked: '138****8000',
      counts: [{ companyId: 'tencent', count: 1 }],
      unavailable: ['jd', 'meituan'],
    });
    expect(text).toContain('腾讯1个');
    expect(text).toContain('京东、美团暂未返回结果');
    expect(text).toContain('24小时后');
  });

  it('fits two segments even when half of the companies are unavailable', () => {
    const text = renderPartialSms({
      phoneMasked: '138****8000',
      counts: LAUNCH_IDS.slice(0, 4).map((companyId) => ({ companyId, count: 99 })),
      unavailable: LAUNCH_IDS.slice(4),
    });
    expect(countSegments(text)).toBeLessThanOrEqual(2);
  });
});

describe('fixed templates', () => {
  it('puts the code and its lifetime in the verification message, in one segment', () => {
    const text = renderCodeSms('123456');
    expect(text.startsWith(SMS_SIGNATURE)).toBe(true);
    expect(text).toContain('123456');
    expect(text).toContain('5分钟');
    expect(countSegments(text)).toBe(1);
  });

  it('tells the owner when a query was unsuccessful, in one segment', () => {
    const text = renderUnsuccessfulSms();
    expect(text.startsWith(SMS_SIGNATURE)).toBe(true);
    expect(text).toContain('未成功');
    expect(countSegments(text)).toBe(1);
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
  it.each([
    ['code', renderCodeSms('123456'), { code: '123456', minutes: '5' }],
    [
      'result',
      renderResultSms({ phoneMasked: '138****8000', counts: [{ companyId: 'tencent', count: 2 }] }),
      { phone: '138****8000', accounts: '腾讯2个' },
    ],
    [
      'partial',
      renderPartialSms({ phoneMasked: '138****8000', counts: [], unavailable: ['jd'], retryAfterHours: 24 }),
      { phone: '138****8000', accounts: '京东', hours: '24' },
    ],
    ['unsuccessful', renderUnsuccessfulSms(), {}],
  ] as const)('reads the %s message back as its registered template and variables', (name, text, params) => {
    expect(readSmsTemplate(text)).toEqual({ name, params });
    // Filling the registered template with the variables gives the text that was sent.
    const filled = SMS_TEMPLATES[name].replace(
      /\$\{(\w+)\}/g,
      (_, key: string) => (params as Record<string, string>)[key] ?? '',
    );
    expect(`【一证通查】${filled}`).toBe(text);
  });

  it('reads no template from a text that is not one of the four', () => {
    expect(readSmsTemplate('【一证通查】hello')).toBeUndefined();
    expect(readSmsTemplate('您的验证码为123456，5分钟内有效。请勿告诉他人。')).toBeUndefined();
  });
});
