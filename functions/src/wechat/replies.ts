import { SMS_PORT } from '@occ/shared';
import { h5PageUrl, ONE_CARD_CHECK_PAGE } from './menu.ts';

/**
 * Where a reply sends people: the stage's mini-program, and its H5 app for clients without
 * mini-programs. An empty `publicBaseUrl` (a stage without a domain) leaves the link out.
 */
export interface ReplyLinks {
  miniProgramAppId: string;
  publicBaseUrl: string;
}

/** The answer to following the account: where One Card Check is in the menu. */
export const WELCOME_REPLY =
  '感谢关注！想知道您的手机号码关联了哪些互联网账号，请点击下方菜单「政务服务」→「一证通查」，选择「互联网账号」。也可以直接回复「一证通查」获取入口。';

/** Whether a typed message asks for One Card Check (however it was pasted: NFKC, spaces ignored). */
export function mentionsOneCardCheck(normalizedContent: string): boolean {
  return normalizedContent.includes('一证通查');
}

/**
 * How to start, with a link that opens the One Card Check page in the mini-program, or its H5 page
 * in clients that cannot (a text-message link with `data-miniprogram-appid` / `-path`, WeChat docs).
 */
export function entryReply(links: ReplyLinks): string {
  const how = `一证通查：输入手机号码、身份证号码后6位和短信验证码，即可查询该号码关联的互联网账号数量，结果由 ${SMS_PORT} 短信发送给您。`;
  if (links.publicBaseUrl === '') return `${how}\n请点击下方菜单「政务服务」→「一证通查」进入。`;
  const href = h5PageUrl(links.publicBaseUrl, ONE_CARD_CHECK_PAGE);
  return [
    how,
    `<a data-miniprogram-appid="${links.miniProgramAppId}" data-miniprogram-path="${ONE_CARD_CHECK_PAGE}" href="${href}">点此进入一证通查</a>`,
  ].join('\n');
}
