import { describe, expect, it } from 'vitest';
import type {
  AccessToken,
  OfficialAccountApi,
  OfficialAccountCredentials,
} from '../src/ports/official-account-api.ts';
import { publishMenu } from '../src/use-cases/publish-menu.ts';
import { type Menu, officialAccountMenu } from '../src/wechat/menu.ts';
import { MenuRuleError } from '../src/wechat/menu-rules.ts';

const CREDENTIALS = { appId: 'wx00000000000000aa', secret: 'app-secret-value' };
const MENU = officialAccountMenu({
  miniProgramAppId: 'wx0123456789abcdef',
  publicBaseUrl: 'https://occ.example',
});

/** Records the calls, in order, that a publication makes. */
class RecordingApi implements OfficialAccountApi {
  calls: string[] = [];
  menu: Menu | undefined;
  async stableToken(credentials: OfficialAccountCredentials): Promise<AccessToken> {
    this.calls.push(`stable_token ${credentials.appId}`);
    return { token: 'token-1', expiresInSeconds: 7200 };
  }
  async createMenu(accessToken: string, menu: Menu): Promise<void> {
    this.calls.push(`menu/create ${accessToken}`);
    this.menu = menu;
  }
  async getMenu(): Promise<Menu | undefined> {
    return this.menu;
  }
}

describe('publishMenu', () => {
  it('takes a stable token, then creates the menu with it', async () => {
    const api = new RecordingApi();

    await publishMenu({ api }, { credentials: CREDENTIALS, menu: MENU });

    expect(api.calls).toEqual(['stable_token wx00000000000000aa', 'menu/create token-1']);
    expect(api.menu).toEqual(MENU);
  });

  it('refuses a menu that breaks a rule before calling WeChat', async () => {
    const api = new RecordingApi();
    const broken: Menu = { button: [{ ...MENU.button[0], name: '政务服务大厅' }] };

    await expect(publishMenu({ api }, { credentials: CREDENTIALS, menu: broken })).rejects.toThrow(
      MenuRuleError,
    );
    expect(api.calls).toEqual([]);
  });

  it('refuses a page the mini-program does not have when its pages are known', async () => {
    const api = new RecordingApi();

    await expect(
      publishMenu({ api }, { credentials: CREDENTIALS, menu: MENU, pages: ['pages/home/index'] }),
    ).rejects.toThrow(/pagepath "pages\/occ\/index" is not a page of the mini-program/);
    expect(api.calls).toEqual([]);
  });
});
