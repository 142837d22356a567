import { findCompany } from './companies.ts';

/** The signature every message starts with. */
export const SMS_SIGNATURE = '【一证通查】';
/** The service port replies are sent from. */
export const SMS_PORT = '10699000';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** A company's count as the reply reports it. */
export interface CompanyCount {
  companyId: string;
  count: number;
}

/** The four fixed messages; mainland SMS gateways send only registered templates. */
export type SmsTemplateName = 'code' | 'result' | 'partial' | 'unsuccessful';

/**
 * The text of each fixed message without the signature, with its variables in the `${name}` form
 * Alibaba Cloud SMS registers templates in: exactly what to register with a domestic gateway, and
 * what every message this service sends is rendered from.
 */
export const SMS_TEMPLATES: Readonly<Record<SmsTemplateName, string>> = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
  code: '您的验证码为${code}，${minutes}分钟内有效。请勿告诉他人。',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
  result: '您的号码${phone}关联互联网账号：${accounts}。解绑请用一证通查小程序。',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
  partial: '您的号码${phone}关联互联网账号：${accounts}暂未返回结果，请${hours}小时后再查。',
  unsuccessful: '您的查询未成功：手机号与身份证信息不符或号码不支持查询。请核对后24小时后再试。',
};

const VARIABLE = /\$\{(\w+)\}/g;

function fill(name: SmsTemplateName, params: Record<string, string>): string {
  return `${SMS_SIGNATURE}${SMS_TEMPLATES[name].replace(VARIABLE, (_, key: string) => params[key] ?? '')}`;
}

/**
 * Which fixed message a text is, and its variables: the inverse of the renderers, for a gateway
 * that sends a template id and variables rather than text. `undefined` for any other text.
 *
 * @example readSmsTemplate(renderCodeSms('123456')) // { name: 'code', params: { code: '123456', minutes: '5' } }
 */
export function readSmsTemplate(
  text: string,
): { name: SmsTemplateName; params: Record<string, string> } | undefined {
  if (!text.startsWith(SMS_SIGNATURE)) return undefined;
  const body = text.slice(SMS_SIGNATURE.length);
  for (const name of Object.keys(SMS_TEMPLATES) as SmsTemplateName[]) {
    const template = SMS_TEMPLATES[name];
    const keys = [...template.matchAll(VARIABLE)].map((match) => match[1] as string);
    const pattern = template
      .split(VARIABLE)
      .map((part, index) => (index % 2 === 1 ? '(.*?)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const match = new RegExp(`^${pattern}$`, 'su').exec(body);
    if (match)
      return { name, params: Object.fromEntries(keys.map((key, index) => [key, match[index + 1] ?? ''])) };
  }
  return undefined;
}

/** The verification-code message. */
export function renderCodeSms(code: string, expiresInMinutes = 5): string {
  return fill('code', { code, minutes: String(expiresInMinutes) });
}

/**
 * The result message: the number of accounts bound at each company, in the order given.
 *
 * @example renderResultSms({ phoneMasked: '138****8000', counts: [{ companyId: 'tencent', count: 2 }] })
 * // '【一证通查】您的号码138****8000关联互联网账号：腾讯2个。解绑请用一证通查小程序。'
 */
export function renderResultSms(input: { phoneMasked: string; counts: CompanyCount[] }): string {
  return fill('result', { phone: input.phoneMasked, accounts: listCounts(input.counts) });
}

/**
 * The partial result: the counts that came back, the companies that did not answer, and when to
 * query again for them.
 */
export function renderPartialSms(input: {
  phoneMasked: string;
  counts: CompanyCount[];
  unavailable: string[];
  retryAfterHours?: number;
}): string {
  const answered = input.counts.length > 0 ? `${listCounts(input.counts)}；` : '';
  const missing = input.unavailable.map(companyName).join('、');
  return fill('partial', {
    phone: input.phoneMasked,
    accounts: `${answered}${missing}`,
    hours: String(input.retryAfterHours ?? 24),
  });
}

/** The message for a query that could not be answered: information mismatch or number not eligible. */
export function renderUnsuccessfulSms(): string {
  return fill('unsuccessful', {});
}

// GSM 03.38 basic set; the extension characters below take two septets each.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/** The encoding an SMS with this text needs: GSM-7 when every character is in the GSM set, else UCS-2. */
export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) {
    if (!GSM_BASIC.includes(char) && !GSM_EXTENSION.includes(char)) return 'UCS-2';
  }
  return 'GSM-7';
}

/**
 * How many billed segments an SMS takes: UCS-2 fits 70 characters in one message and 67 per
 * segment beyond; GSM-7 fits 160 septets and 153 per segment beyond. The signature counts.
 *
 * @example countSegments('【一证通查】' + '字'.repeat(64)) // 1 (70 characters)
 */
export function countSegments(text: string): number {
  if (smsEncoding(text) === 'GSM-7') {
    let septets = 0;
    for (const char of text) septets += GSM_EXTENSION.includes(char) ? 2 : 1;
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  // UCS-2 counts 16-bit code units: a character outside the BMP takes two.
  const units = text.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

function listCounts(counts: CompanyCount[]): string {
  return counts.map(({ companyId, count }) => `${companyName(companyId)}${count}个`).join('，');
}

function companyName(companyId: string): string {
  return findCompany(companyId)?.name.zh ?? companyId;
}
