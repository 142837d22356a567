import type { OfficialAccountApi, OfficialAccountCredentials } from '../ports/official-account-api.ts';
import type { Menu } from '../wechat/menu.ts';
import { assertMenuFollowsRules, type MenuCheckOptions } from '../wechat/menu-rules.ts';

export interface PublishMenuInput {
  credentials: OfficialAccountCredentials;
  menu: Menu;
  /** The mini-program's pages, when known: a button naming another page is refused before WeChat is called. */
  pages?: MenuCheckOptions['pages'];
}

/**
 * Publishes the official account's custom menu: checks it against WeChat's rules (throws
 * `MenuRuleError`), takes an access token from `stable_token`, then calls `menu/create`, which
 * replaces the whole menu, so publishing the same menu again changes nothing. WeChat's refusals
 * are `WechatApiError`s naming the errcode and errmsg, never the secret or the token.
 * Used by the operator command, the deploy-time custom resource and the local embedded default.
 */
export async function publishMenu(deps: { api: OfficialAccountApi }, input: PublishMenuInput): Promise<void> {
  assertMenuFollowsRules(input.menu, input.pages === undefined ? {} : { pages: input.pages });
  const { token } = await deps.api.stableToken(input.credentials);
  await deps.api.createMenu(token, input.menu);
}
