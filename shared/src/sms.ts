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

/** Where a citizen sees the details of each account and unbinds it. */
const WHERE_TO_UNBIND = '详情及解绑见一证通查小程序。';

/**
 * The verification-code message: the code first, what it is for, how long it lives, and never to
 * share it (the usual warning of Chinese verification SMS: staff never ask for a code).
 *
 * @example renderCodeSms('482913')
 * // '【一证通查】您的验证码为482913，用于查询本号码关联的互联网账号，5分钟内有效。请勿告诉任何人，工作人员不会向您索要。'
 */
export function renderCodeSms(code: string, expiresInMinutes = 5): string {
  return `${SMS_SIGNATURE}您的验证码为${code}，用于查询本号码关联的互联网账号，${expiresInMinutes}分钟内有效。请勿告诉任何人，工作人员不会向您索要。`;
}

/**
 * The result: the number's last four digits, the count of accounts at each company in the order
 * given, and where to see the details and unbind. For the eight launch companies this is one
 * segment (70 characters with the signature) whenever every count is at most 9, and two segments
 * with counts up to 999.
 *
 * @example renderResultSms({ phoneMasked: '138****8000', counts: [{ companyId: 'tencent', count: 2 }] })
 * // '【一证通查】尾号8000关联互联网账号数：腾讯2。详情及解绑见一证通查小程序。'
 */
export function renderResultSms(input: { phoneMasked: string; counts: CompanyCount[] }): string {
  return `${SMS_SIGNATURE}${numberTail(input.phoneMasked)}关联互联网账号数：${listCounts(input.counts)}。${WHERE_TO_UNBIND}`;
}

/**
 * The partial result: the counts that came back, the companies that could not be asked this time,
 * and when to query again (the number's cooldown, 24 hours). Never more than two segments for the
 * eight launch companies.
 *
 * @example renderPartialSms({ phoneMasked: '138****8000', counts: [{ companyId: 'tencent', count: 2 }], unavailable: ['jd'] })
 * // '【一证通查】尾号8000关联互联网账号数：腾讯2；京东暂时无法查询，请24小时后再查。详情及解绑见一证通查小程序。'
 */
export function renderPartialSms(input: {
  phoneMasked: string;
  counts: CompanyCount[];
  unavailable: string[];
  retryAfterHours?: number;
}): string {
  const missing = input.unavailable.map(companyName).join('、');
  const retry = `请${input.retryAfterHours ?? 24}小时后再查。`;
  const tail = numberTail(input.phoneMasked);
  if (input.counts.length === 0) return `${SMS_SIGNATURE}${tail}的查询：${missing}暂时无法查询，${retry}`;
  return `${SMS_SIGNATURE}${tail}关联互联网账号数：${listCounts(input.counts)}；${missing}暂时无法查询，${retry}${WHERE_TO_UNBIND}`;
}

/**
 * The message for a query that could not be answered: the information did not match, or the
 * number cannot be queried; what to do and when.
 *
 * @example renderUnsuccessfulSms({ phoneMasked: '138****8000' })
 * // '【一证通查】尾号8000查询未成功：手机号与身份证信息不符，或号码暂不支持查询。请核对信息，24小时后再试。'
 */
export function renderUnsuccessfulSms(
  input: { phoneMasked?: string; retryAfterHours?: number } = {},
): string {
  const tail = input.phoneMasked ? numberTail(input.phoneMasked) : '';
  return `${SMS_SIGNATURE}${tail}查询未成功：手机号与身份证信息不符，或号码暂不支持查询。请核对信息，${
    input.retryAfterHours ?? 24
  }小时后再试。`;
}

/** The fixed messages; mainland SMS gateways send only registered templates. */
export type SmsTemplateName = 'code' | 'result' | 'partial' | 'unanswered' | 'unsuccessful';

/**
 * The text of each fixed message without the signature, its variables in the `${name}` form
 * Alibaba Cloud SMS registers templates in: exactly what to register with a domestic gateway. The
 * renderers above produce these texts (a test fills each template and compares); `unanswered` is
 * the partial result when no company answered.
 */
export const SMS_TEMPLATES: Readonly<Record<SmsTemplateName, string>> = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
  code: '您的验证码为${code}，用于查询本号码关联的互联网账号，${minutes}分钟内有效。请勿告诉任何人，工作人员不会向您索要。',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
  result: '${number}关联互联网账号数：${accounts}。详情及解绑见一证通查小程序。',
  partial:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
    '${number}关联互联网账号数：${accounts}；${missing}暂时无法查询，请${hours}小时后再查。详情及解绑见一证通查小程序。',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
  unanswered: '${number}的查询：${missing}暂时无法查询，请${hours}小时后再查。',
  unsuccessful:
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway's own variable syntax, not a JS template
    '${number}查询未成功：手机号与身份证信息不符，或号码暂不支持查询。请核对信息，${hours}小时后再试。',
};

/** Most specific first: a partial result would also read as a result whose counts run on. */
const MATCH_ORDER: SmsTemplateName[] = ['code', 'partial', 'unanswered', 'unsuccessful', 'result'];
const VARIABLE = /\$\{(\w+)\}/g;

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
  for (const name of MATCH_ORDER) {
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
  return counts.map(({ companyId, count }) => `${companyName(companyId)}${count}`).join('，');
}

/** "尾号8000": the last four digits of a masked number, so a phone with two numbers shows which one. */
function numberTail(phoneMasked: string): string {
  return `尾号${phoneMasked.slice(-4)}`;
}

function companyName(companyId: string): string {
  return findCompany(companyId)?.name.zh ?? companyId;
}
