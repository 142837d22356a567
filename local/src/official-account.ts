import { wechatOfficialAccountApi } from '@occ/functions/adapters/wechat/official-account-api.ts';
import type { Logger } from '@occ/functions/ports/logger.ts';
import type { OfficialAccountCredentials } from '@occ/functions/ports/official-account-api.ts';
import { publishMenu } from '@occ/functions/use-cases/publish-menu.ts';
import { officialAccountMenu } from '@occ/functions/wechat/menu.ts';
import { LOCAL_MINI_PROGRAM_APP_ID } from './sim/wechat-api.ts';

/**
 * Publishes the repository's menu to the simulated WeChat API of a running local service, through
 * the same use case and adapter that publish to WeChat. Its buttons open the H5 app on `baseUrl`.
 * A refusal is logged with WeChat's errcode; the service keeps running without a menu.
 */
export async function publishLocalMenu(options: {
  baseUrl: string;
  credentials: OfficialAccountCredentials;
  log: Logger;
}): Promise<boolean> {
  const menu = officialAccountMenu({
    miniProgramAppId: LOCAL_MINI_PROGRAM_APP_ID,
    publicBaseUrl: options.baseUrl,
  });
  try {
    await publishMenu(
      { api: wechatOfficialAccountApi({ apiBase: `${options.baseUrl}/_local/wechat` }) },
      { credentials: options.credentials, menu },
    );
    options.log.info('wechat_menu_published', {
      api: 'simulated WeChat API',
      menu: menu.button
        .map((top) =>
          top.sub_button ? `${top.name} (${top.sub_button.map((sub) => sub.name).join(', ')})` : top.name,
        )
        .join(', '),
    });
    return true;
  } catch (error) {
    options.log.error('wechat_menu_publish_failed', {
      errorName: error instanceof Error ? error.name : typeof error,
      reason: error instanceof Error ? error.message : 'unknown',
    });
    return false;
  }
}
