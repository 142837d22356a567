import { type Menu, officialAccountMenu } from '@occ/functions/wechat/menu.ts';
import type { StageConfig } from './stages.ts';

/**
 * The stage's public HTTPS origin (`https://<domain>`), which the platform builds call; a stage without a domain has none, and saying so is the error.
 */
export function publicBaseUrl(config: StageConfig): string {
  if (!config.domain) {
    throw new Error(
      `stage ${config.stage} has no domain in cdk/src/stages.ts: WeChat and Alipay accept only an HTTPS domain on their whitelist (no IP, no localhost, no execute-api host), so there is nothing to link to or call`,
    );
  }
  return `https://${config.domain.name}`;
}

/**
 * The origin the official account's menu and replies link to for the H5 app: the stage's
 * `h5Origin`, else its domain's origin (`publicBaseUrl`), which then must serve the H5 build too.
 */
export function h5BaseUrl(config: StageConfig): string {
  return config.h5Origin ?? publicBaseUrl(config);
}

/** The repository's official-account menu for a stage: its mini-program appid and its public origin. */
export function stageMenu(config: StageConfig): Menu {
  return officialAccountMenu({
    miniProgramAppId: config.login.wechatAppId,
    publicBaseUrl: h5BaseUrl(config),
  });
}
