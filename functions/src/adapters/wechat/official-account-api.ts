import {
  type AccessToken,
  type OfficialAccountApi,
  type OfficialAccountCredentials,
  WechatApiError,
} from '../../ports/official-account-api.ts';
import type { Menu } from '../../wechat/menu.ts';

/** WeChat's server API; the local embedded default passes its simulation instead. */
export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

/** `menu/get` when the account has no menu (WeChat global return codes: 46003 menu no exist). */
const NO_MENU = 46003;

/**
 * WeChat's server API over `fetch`. No official Node SDK exists for it, and `stable_token` plus two
 * menu calls are three plain JSON requests. Every failure is a {@link WechatApiError} whose message
 * has neither the secret nor the token: WeChat's errmsg is cut to one line and has both removed.
 */
export function wechatOfficialAccountApi(
  options: { apiBase?: string; timeoutMs?: number } = {},
): OfficialAccountApi {
  const apiBase = (options.apiBase ?? WECHAT_API_BASE).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;

  async function call(
    operation: string,
    path: string,
    init: { method: 'GET' | 'POST'; body?: unknown; accessToken?: string },
    hidden: string[],
  ): Promise<Record<string, unknown>> {
    const query =
      init.accessToken === undefined ? '' : `?access_token=${encodeURIComponent(init.accessToken)}`;
    let response: Response;
    try {
      response = await fetch(`${apiBase}${path}${query}`, {
        method: init.method,
        ...(init.body === undefined
          ? {}
          : {
              body: JSON.stringify(init.body),
              headers: { 'content-type': 'application/json; charset=utf-8' },
            }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new WechatApiError(operation, {
        transport: timedOut ? `no answer within ${timeoutMs} ms` : 'network error',
      });
    }
    if (!response.ok) throw new WechatApiError(operation, { transport: `HTTP ${response.status}` });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new WechatApiError(operation, { transport: 'answer is not JSON' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new WechatApiError(operation, { transport: 'answer is not a JSON object' });
    }
    const answer = body as Record<string, unknown>;
    if (typeof answer.errcode === 'number' && answer.errcode !== 0) {
      throw new WechatApiError(operation, {
        errcode: answer.errcode,
        errmsg: cleanErrmsg(answer.errmsg, hidden),
      });
    }
    return answer;
  }

  return {
    async stableToken(credentials: OfficialAccountCredentials): Promise<AccessToken> {
      const answer = await call(
        'stable_token',
        '/cgi-bin/stable_token',
        {
          method: 'POST',
          body: {
            grant_type: 'client_credential',
            appid: credentials.appId,
            secret: credentials.secret,
            force_refresh: false,
          },
        },
        [credentials.secret],
      );
      const token = answer.access_token;
      const expires = answer.expires_in;
      if (typeof token !== 'string' || token === '' || typeof expires !== 'number') {
        throw new WechatApiError('stable_token', { transport: 'answer has no access_token' });
      }
      return { token, expiresInSeconds: expires };
    },

    async createMenu(accessToken: string, menu: Menu): Promise<void> {
      await call('menu/create', '/cgi-bin/menu/create', { method: 'POST', body: menu, accessToken }, [
        accessToken,
      ]);
    },

    async getMenu(accessToken: string): Promise<Menu | undefined> {
      let answer: Record<string, unknown>;
      try {
        answer = await call('menu/get', '/cgi-bin/menu/get', { method: 'GET', accessToken }, [accessToken]);
      } catch (error) {
        if (error instanceof WechatApiError && error.errcode === NO_MENU) return undefined;
        throw error;
      }
      const menu = answer.menu as Menu | undefined;
      if (!menu || !Array.isArray(menu.button)) {
        throw new WechatApiError('menu/get', { transport: 'answer has no menu' });
      }
      return menu;
    },
  };
}

/** WeChat's errmsg as one short line, with any value that must stay hidden removed. */
function cleanErrmsg(errmsg: unknown, hidden: string[]): string {
  let text = typeof errmsg === 'string' ? errmsg : 'no errmsg';
  for (const value of hidden) if (value !== '') text = text.split(value).join('***');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}
