import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAlipayKeys, realPlatformLogin } from '../src/adapters/login/platform-login.ts';
import { simulatedLogin } from '../src/adapters/login/simulated-login.ts';
import { LoginFailedError } from '../src/errors.ts';
import type { LogFields, Logger } from '../src/ports/logger.ts';
import { listenOnLoopback } from './loopback.ts';

// WeChat's server is not reachable here: for it `fetch` is stubbed. Alipay's gateway is faked on loopback.
const pem = (
  key: { export(o: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer },
  type: 'pkcs8' | 'spki',
) => key.export({ type, format: 'pem' }).toString();
const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey, publicKey } = app;
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });

const logs: { level: string; event: string; fields?: LogFields }[] = [];
const logger: Logger = {
  info: (event, fields) => logs.push({ level: 'info', event, fields }),
  warn: (event, fields) => logs.push({ level: 'warn', event, fields }),
  error: (event, fields) => logs.push({ level: 'error', event, fields }),
};

/** What the fake gateway answers next, as raw response text, and what it was sent. */
let nextAnswer = '';
const received: string[] = [];
let gateway: Server;
let gatewayUrl = '';

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
      res.end(nextAnswer);
    });
  });
  gatewayUrl = `${await listenOnLoopback(gateway)}/gateway.do`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

/** Signs the exact text of a response node the way Alipay does (SHA256withRSA, base64). */
function signNode(text: string, key = alipay.privateKey): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(key, 'base64');
}
function signedAnswer(node: string, text: string, key = alipay.privateKey): string {
  return `{"${node}":${text},"sign":"${signNode(text, key)}"}`;
}

const login = realPlatformLogin({
  wechat: { appId: () => 'wx-app', secret: async () => 'wx-secret' },
  alipay: {
    appId: () => '2021000000000000',
    keys: async () => ({
      privateKey: pem(privateKey, 'pkcs8'),
      alipayPublicKey: pem(alipay.publicKey, 'spki'),
    }),
    get gatewayUrl() {
      return gatewayUrl;
    },
  },
  now: () => new Date('2026-03-01T00:00:00Z'),
  logger,
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
});

describe('the real Alipay login', () => {
  const okNode =
    '{"access_token":"t-1","alipay_user_id":"2088x","expires_in":1296000,"user_id":"2088000000000001","open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"}';

  afterEach(() => {
    logs.length = 0;
  });

  it('signs alipay.system.oauth.token with RSA2 over the sorted parameters and accepts a verified answer', async () => {
    nextAnswer = signedAnswer('alipay_system_oauth_token_response', okNode);
    expect(await login.login('alipay', 'auth-code')).toBe('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
    const params = Object.fromEntries(new URLSearchParams(received.at(-1)));
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
    expect(logs).toEqual([]);
  });

  it('verifies the bytes as sent: spacing, escapes and non-ASCII text inside the node are signed as they are', async () => {
    const node =
      '{ "user_id" : "2088000000000002", "nick":"\\u5f20 张\\"三\\"}", "sign_hint":"x,\\"sign\\":y" }';
    nextAnswer = `{"alipay_system_oauth_token_response":${node},\n "sign" : "${signNode(node)}"}`;
    expect(await login.login('alipay', 'auth-code')).toBe('2088000000000002');
  });

  it('accepts the sign placed before the response node', async () => {
    nextAnswer = `{"sign":"${signNode(okNode)}","alipay_system_oauth_token_response":${okNode}}`;
    expect(await login.login('alipay', 'auth-code')).toBe('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
  });

  it('refuses a tampered answer (a spoofed user id) with LOGIN_FAILED and a warning without the body', async () => {
    const forged = okNode.replace('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5', 'spoofed-open-id');
    nextAnswer = `{"alipay_system_oauth_token_response":${forged},"sign":"${signNode(okNode)}"}`;
    await expect(login.login('alipay', 'auth-code')).rejects.toBeInstanceOf(LoginFailedError);
    expect(logs).toEqual([
      {
        level: 'warn',
        event: 'alipay_login_signature_invalid',
        fields: { node: 'alipay_system_oauth_token_response', signed: true },
      },
    ]);
    expect(JSON.stringify(logs)).not.toMatch(/spoofed|2088|t-1/);
  });

  it('refuses an answer signed with another key', async () => {
    nextAnswer = signedAnswer('alipay_system_oauth_token_response', okNode, impostor.privateKey);
    await expect(login.login('alipay', 'auth-code')).rejects.toBeInstanceOf(LoginFailedError);
    expect(logs.map((l) => `${l.level} ${l.event}`)).toEqual(['warn alipay_login_signature_invalid']);
  });

  it('refuses an answer without a sign, or with a sign that is not base64 of a signature', async () => {
    nextAnswer = `{"alipay_system_oauth_token_response":${okNode}}`;
    await expect(login.login('alipay', 'auth-code')).rejects.toBeInstanceOf(LoginFailedError);
    nextAnswer = `{"alipay_system_oauth_token_response":${okNode},"sign":""}`;
    await expect(login.login('alipay', 'auth-code')).rejects.toBeInstanceOf(LoginFailedError);
    nextAnswer = `{"alipay_system_oauth_token_response":${okNode},"sign":42}`;
    await expect(login.login('alipay', 'auth-code')).rejects.toBeInstanceOf(LoginFailedError);
    expect(logs.map((l) => l.fields)).toEqual([
      { node: 'alipay_system_oauth_token_response', signed: false },
      { node: 'alipay_system_oauth_token_response', signed: true },
      { node: 'alipay_system_oauth_token_response', signed: true },
    ]);
  });

  it('refuses an error_response, signed or not', async () => {
    const error =
      '{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid","sub_msg":"授权码code无效"}';
    nextAnswer = signedAnswer('error_response', error);
    await expect(login.login('alipay', 'bad')).rejects.toBeInstanceOf(LoginFailedError);
    expect(logs).toEqual([]);
    nextAnswer = `{"error_response":${error}}`;
    await expect(login.login('alipay', 'bad')).rejects.toBeInstanceOf(LoginFailedError);
    expect(logs.map((l) => l.fields)).toEqual([{ node: 'error_response', signed: false }]);
  });

  it('refuses a verified answer that carries no user id', async () => {
    nextAnswer = signedAnswer('alipay_system_oauth_token_response', '{"access_token":"t"}');
    await expect(login.login('alipay', 'auth-code')).rejects.toBeInstanceOf(LoginFailedError);
  });
});

describe('the Alipay key secret', () => {
  it('holds both keys as JSON and is refused when one is missing', () => {
    expect(parseAlipayKeys('{"privateKey":"a","alipayPublicKey":"b"}')).toEqual({
      privateKey: 'a',
      alipayPublicKey: 'b',
    });
    expect(() => parseAlipayKeys('-----BEGIN PRIVATE KEY-----')).toThrow(/configuration/);
    expect(() => parseAlipayKeys('{"privateKey":"a"}')).toThrow(/alipayPublicKey/);
  });
});

describe('the simulated login', () => {
  it('stands any non-empty code for one user and refuses a blank one', async () => {
    expect(await simulatedLogin.login('weapp', 'abc')).toBe(await simulatedLogin.login('weapp', 'abc'));
    expect(await simulatedLogin.login('weapp', 'abc')).not.toBe(await simulatedLogin.login('weapp', 'abd'));
    await expect(simulatedLogin.login('alipay', '  ')).rejects.toBeInstanceOf(LoginFailedError);
  });
});
