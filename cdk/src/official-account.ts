import { type Menu, officialAccountMenu } from '@occ/functions/wechat/menu.ts';
import type { StageConfig } from './stages.ts';

/**
 * The stage's public HTTPS origin (`https://<domain>`), which the platform builds call and the
 * menu links to; a stage without a domain has none, and saying so is the error.
 */
export function publicBaseUrl(config: StageConfig): string {
  if (!config.domain) {
    throw new Error(
      `stage ${config.stage} has no domain in cdk/src/stages.ts: WeChat and Alipay accept only an HTTPS domain on their whitelist (no IP, no localhost, no execute-api host), so there is nothing to link to or call`,
    );
  }
  return `https://${config.domain.name}`;
}

/** The repository's official-account menu for a stage: its mini-program appid and its public origin. */
export function stageMenu(config: StageConfig): Menu {
  return officialAccountMenu({
    miniProgramAppId: config.login.wechatAppId,
    publicBaseUrl: publicBaseUrl(config),
  });
}
