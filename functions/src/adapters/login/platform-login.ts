import { createSign } from 'node:crypto';
import { LoginFailedError, ServiceUnavailableError } from '../../errors.ts';
import type { PlatformLogin } from '../../ports/platform-login.ts';

interface RealLoginConfig {
  wechat: { appId: () => string; secret: () => Promise<string> };
  alipay: { appId: () => string; privateKey: () => Promise<string> };
  now: () => Date;
  timeoutMs?: number;
}

/**
 * The real platform logins: WeChat `jscode2session` and Alipay `alipay.system.oauth.token`
 * (RSA2-signed request). Only the user id is kept; session keys and access tokens are dropped.
 */
export function realPlatformLogin(config: RealLoginConfig): PlatformLogin {
  const timeout = () => AbortSignal.timeout(config.timeoutMs ?? 5_000);
  async function fetchJson(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: timeout() });
    } catch {
      throw new ServiceUnavailableError();
    }
    if (!response.ok) throw new ServiceUnavailableError();
    return (await response.json()) as Record<string, unknown>;
  }
  return {
    async login(platform, code) {
      if (platform === 'weapp') {
        const query = new URLSearchParams({
          appid: config.wechat.appId(),
          secret: await config.wechat.secret(),
          js_code: code,
          grant_type: 'authorization_code',
        });
        const body = await fetchJson(`https://api.weixin.qq.com/sns/jscode2session?${query}`, {
          method: 'GET',
        });
        if (typeof body.openid !== 'string' || (typeof body.errcode === 'number' && body.errcode !== 0)) {
          throw new LoginFailedError();
        }
        return body.openid;
      }
      const params: Record<string, string> = {
        app_id: config.alipay.appId(),
        method: 'alipay.system.oauth.token',
        format: 'JSON',
        charset: 'utf-8',
        sign_type: 'RSA2',
        timestamp: beijingTimestamp(config.now()),
        version: '1.0',
        grant_type: 'authorization_code',
        code,
      };
      const content = Object.keys(params)
        .sort()
        .map((key) => `${key}=${params[key]}`)
        .join('&');
      params.sign = createSign('RSA-SHA256')
        .update(content, 'utf8')
        .sign(await config.alipay.privateKey(), 'base64');
      const body = await fetchJson('https://openapi.alipay.com/gateway.do', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params).toString(),
      });
      const answer = body.alipay_system_oauth_token_response as Record<string, unknown> | undefined;
      const userId = answer?.open_id ?? answer?.user_id;
      if (typeof userId !== 'string') throw new LoginFailedError();
      return userId;
    },
  };
}

/** Alipay wants "yyyy-MM-dd HH:mm:ss" in China Standard Time. */
function beijingTimestamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
