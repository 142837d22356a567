import type { Menu } from '../wechat/menu.ts';

/** An official account's AppID and AppSecret (公众号 开发者ID / 开发者密码). The secret is never logged. */
export interface OfficialAccountCredentials {
  appId: string;
  secret: string;
}

/** An access token of WeChat's server API; `expiresInSeconds` as WeChat answers it (at most 7,200). */
export interface AccessToken {
  token: string;
  expiresInSeconds: number;
}

/** The WeChat server API calls the official account needs. */
export interface OfficialAccountApi {
  /** `POST /cgi-bin/stable_token` (normal mode: the live token while it lasts). */
  stableToken(credentials: OfficialAccountCredentials): Promise<AccessToken>;
  /** `POST /cgi-bin/menu/create`: replaces the whole menu. */
  createMenu(accessToken: string, menu: Menu): Promise<void>;
  /** `GET /cgi-bin/menu/get`: the menu last created (`undefined` when there is none, errcode 46003). */
  getMenu(accessToken: string): Promise<Menu | undefined>;
}

/**
 * WeChat refused a call (a non-zero `errcode`) or could not be reached. The message names the call,
 * the errcode and errmsg, or the kind of transport failure; it never holds the secret, the token or
 * a URL that carries one.
 */
export class WechatApiError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: { errcode: number; errmsg: string } | { transport: string },
  ) {
    super(
      'errcode' in failure
        ? `WeChat ${operation} failed: errcode ${failure.errcode} (${failure.errmsg})`
        : `WeChat ${operation} failed: ${failure.transport}`,
    );
    this.name = 'WechatApiError';
  }

  /** WeChat's errcode, when WeChat answered. */
  get errcode(): number | undefined {
    return 'errcode' in this.failure ? this.failure.errcode : undefined;
  }
}
