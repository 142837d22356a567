import { createSign, createVerify } from 'node:crypto';
import { LoginFailedError } from '../../errors.ts';
import type { Logger } from '../../ports/logger.ts';
import type { PlatformLogin } from '../../ports/platform-login.ts';
import { HttpStatusError, MalformedAnswerError, unavailable } from '../failure.ts';

/** The two RSA keys of the Alipay integration: ours to sign requests, Alipay's to check answers. */
export interface AlipayKeys {
  /** The app's RSA2 private key (PEM, PKCS#8 or PKCS#1). */
  privateKey: string;
  /** The Alipay public key shown in the open-platform console (PEM, SPKI). */
  alipayPublicKey: string;
}

interface RealLoginConfig {
  wechat: { appId: () => string; secret: () => Promise<string> };
  alipay: { appId: () => string; keys: () => Promise<AlipayKeys>; gatewayUrl?: string };
  now: () => Date;
  logger: Logger;
  timeoutMs?: number;
}

const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';
const ALIPAY_ANSWER = 'alipay_system_oauth_token_response';
const ALIPAY_ERROR = 'error_response';

/**
 * The real platform logins: WeChat `jscode2session` and Alipay `alipay.system.oauth.token`
 * (RSA2-signed request, RSA2-verified answer). Only the user id is kept; session keys and access
 * tokens are dropped.
 */
export function realPlatformLogin(config: RealLoginConfig): PlatformLogin {
  const timeout = () => AbortSignal.timeout(config.timeoutMs ?? 5_000);
  async function fetchText(url: string, init: RequestInit): Promise<string> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: timeout() });
    } catch (error) {
      throw unavailable(error);
    }
    if (!response.ok) throw unavailable(new HttpStatusError(response.status));
    try {
      return await response.text();
    } catch (error) {
      throw unavailable(error);
    }
  }
  async function fetchJson(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    const text = await fetchText(url, init);
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw unavailable(new MalformedAnswerError({ cause: error }));
    }
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
      const keys = await config.alipay.keys();
      params.sign = createSign('RSA-SHA256').update(content, 'utf8').sign(keys.privateKey, 'base64');
      const raw = await fetchText(config.alipay.gatewayUrl ?? ALIPAY_GATEWAY, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params).toString(),
      });
      const members = topLevelMembers(raw);
      if (!members) {
        config.logger.warn('alipay_login_unreadable');
        throw unavailable(new MalformedAnswerError());
      }
      const node = members.has(ALIPAY_ANSWER) ? ALIPAY_ANSWER : ALIPAY_ERROR;
      const signed = members.get(node);
      const sign = members.get('sign');
      if (signed === undefined || !verifiedBy(keys.alipayPublicKey, signed, sign)) {
        // Nothing from the answer is logged: an unverified body may carry anything.
        config.logger.warn('alipay_login_signature_invalid', { node, signed: sign !== undefined });
        throw new LoginFailedError();
      }
      const answer = JSON.parse(signed) as Record<string, unknown> | null;
      if (node === ALIPAY_ERROR || typeof answer !== 'object' || answer === null)
        throw new LoginFailedError();
      const userId = answer.open_id ?? answer.user_id;
      if (typeof userId !== 'string' || userId === '') throw new LoginFailedError();
      return userId;
    },
  };
}

/** Alipay wants "yyyy-MM-dd HH:mm:ss" in China Standard Time. */
function beijingTimestamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Reads an Alipay key secret. The secret holds JSON `{"privateKey": PEM, "alipayPublicKey": PEM}`;
 * a secret that lacks the Alipay public key is a configuration error, so every Alipay login fails closed.
 */
export function parseAlipayKeys(secret: string): AlipayKeys {
  let value: unknown;
  try {
    value = JSON.parse(secret);
  } catch {
    throw new Error('configuration: the Alipay key secret is not JSON {privateKey, alipayPublicKey}');
  }
  const { privateKey, alipayPublicKey } = (value ?? {}) as Record<string, unknown>;
  if (typeof privateKey !== 'string' || typeof alipayPublicKey !== 'string') {
    throw new Error('configuration: the Alipay key secret needs privateKey and alipayPublicKey');
  }
  return { privateKey, alipayPublicKey };
}

/** RSA2 check of Alipay's signature: SHA256withRSA over the UTF-8 bytes of the exact signed text. */
function verifiedBy(publicKey: string, signed: string, sign: string | undefined): boolean {
  if (sign === undefined) return false;
  let signature: unknown;
  try {
    signature = JSON.parse(sign);
  } catch {
    return false;
  }
  if (typeof signature !== 'string' || signature === '') return false;
  try {
    return createVerify('RSA-SHA256').update(signed, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/**
 * The members of a JSON object, each value kept as the exact source text it was sent as. Alipay signs
 * the raw text of the `*_response` value, not a re-serialisation, so the bytes must be cut out as they
 * arrived. Returns undefined when the text is not a well-formed JSON object.
 */
export function topLevelMembers(raw: string): Map<string, string> | undefined {
  let at = 0;
  const space = () => {
    while (at < raw.length && ' \t\r\n'.includes(raw.charAt(at))) at++;
  };
  const skipString = (): boolean => {
    if (raw[at] !== '"') return false;
    at++;
    while (at < raw.length) {
      const c = raw[at];
      if (c === '\\') at += 2;
      else if (c === '"') {
        at++;
        return true;
      } else at++;
    }
    return false;
  };
  const skipValue = (): boolean => {
    if (raw[at] === '"') return skipString();
    if (raw[at] !== '{' && raw[at] !== '[') {
      const start = at;
      while (at < raw.length && !',}] \t\r\n'.includes(raw.charAt(at))) at++;
      return at > start;
    }
    let depth = 0;
    while (at < raw.length) {
      const c = raw[at];
      if (c === '"') {
        if (!skipString()) return false;
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      at++;
      if (depth === 0) return true;
    }
    return false;
  };
  try {
    JSON.parse(raw);
  } catch {
    return undefined;
  }
  space();
  if (raw[at] !== '{') return undefined;
  at++;
  const members = new Map<string, string>();
  space();
  if (raw[at] === '}') return members;
  while (at < raw.length) {
    space();
    const keyStart = at;
    if (!skipString()) return undefined;
    const key = JSON.parse(raw.slice(keyStart, at)) as string;
    space();
    if (raw[at] !== ':') return undefined;
    at++;
    space();
    const valueStart = at;
    if (!skipValue()) return undefined;
    members.set(key, raw.slice(valueStart, at));
    space();
    if (raw[at] === ',') {
      at++;
      continue;
    }
    return raw[at] === '}' ? members : undefined;
  }
  return undefined;
}
