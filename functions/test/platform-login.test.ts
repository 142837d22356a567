import { createVerify, generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { realPlatformLogin } from '../src/adapters/login/platform-login.ts';
import { simulatedLogin } from '../src/adapters/login/simulated-login.ts';
import { LoginFailedError } from '../src/errors.ts';

// The platforms' servers are not reachable here: `fetch` is the one thing stubbed.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const login = realPlatformLogin({
  wechat: { appId: () => 'wx-app', secret: async () => 'wx-secret' },
  alipay: {
    appId: () => '2021000000000000',
    privateKey: async () => privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  },
  now: () => new Date('2026-03-01T00:00:00Z'),
});

function stubFetch(answer: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the real platform login', () => {
  it('exchanges a wx.login code through jscode2session and keeps only the openid', async () => {
    const calls = stubFetch({ openid: 'o-123', session_key: 'k' });
    expect(await login.login('weapp', 'js-code')).toBe('o-123');
    const url = new URL(calls[0]?.url ?? '');
    expect(url.origin + url.pathname).toBe('https://api.weixin.qq.com/sns/jscode2session');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'wx-app',
      secret: 'wx-secret',
      js_code: 'js-code',
      grant_type: 'authorization_code',
    });
  });

  it('answers LOGIN_FAILED when WeChat refuses the code', async () => {
    stubFetch({ errcode: 40029, errmsg: 'invalid code' });
    await expect(login.login('weapp', 'bad')).rejects.toBeInstanceOf(LoginFailedError);
  });

  it('signs alipay.system.oauth.token with RSA2 over the sorted parameters', async () => {
    const calls = stubFetch({
      alipay_system_oauth_token_response: { user_id: '2088000000000001', access_token: 't' },
    });
    expect(await login.login('alipay', 'auth-code')).toBe('2088000000000001');
    const params = Object.fromEntries(new URLSearchParams(String(calls[0]?.init.body)));
    expect(params).toMatchObject({
      method: 'alipay.system.oauth.token',
      grant_type: 'authorization_code',
      code: 'auth-code',
      sign_type: 'RSA2',
      timestamp: '2026-03-01 08:00:00',
    });
    const { sign, ...unsigned } = params;
    const content = Object.keys(unsigned)
      .sort()
      .map((key) => `${key}=${unsigned[key]}`)
      .join('&');
    expect(createVerify('RSA-SHA256').update(content).verify(publicKey, String(sign), 'base64')).toBe(true);
  });

  it('answers LOGIN_FAILED when Alipay answers with an error', async () => {
    stubFetch({ error_response: { code: '40002', sub_code: 'isv.code-invalid' } });
    await expect(login.login('alipay', 'bad')).rejects.toBeInstanceOf(LoginFailedError);
  });
});

describe('the simulated login', () => {
  it('stands any non-empty code for one user and refuses a blank one', async () => {
    expect(await simulatedLogin.login('weapp', 'abc')).toBe(await simulatedLogin.login('weapp', 'abc'));
    expect(await simulatedLogin.login('weapp', 'abc')).not.toBe(await simulatedLogin.login('weapp', 'abd'));
    await expect(simulatedLogin.login('alipay', '  ')).rejects.toBeInstanceOf(LoginFailedError);
  });
});
