import { wechatOfficialAccountApi } from '@occ/functions/adapters/wechat/official-account-api.ts';
import { WechatApiError } from '@occ/functions/ports/official-account-api.ts';
import { type Menu, type MenuButton, officialAccountMenu } from '@occ/functions/wechat/menu.ts';
import { WELCOME_REPLY } from '@occ/functions/wechat/replies.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { LOCAL_MINI_PROGRAM_APP_ID } from '../src/sim/wechat-api.ts';
import { start } from './support.ts';

describe('the simulated WeChat API', () => {
  let service: RunningService;
  let api: ReturnType<typeof wechatOfficialAccountApi>;
  const wechat = (path: string, init?: RequestInit) => fetch(`${service.baseUrl}/_local/wechat${path}`, init);
  const post = async (path: string, body: unknown) =>
    (await wechat(path, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<
      Record<string, unknown>
    >;

  beforeAll(async () => {
    service = await start();
    api = wechatOfficialAccountApi({ apiBase: `${service.baseUrl}/_local/wechat` });
  });
  afterAll(() => service?.close());

  it("holds the repository's menu from the start, through menu/get and without a token", async () => {
    const expected = officialAccountMenu({
      miniProgramAppId: LOCAL_MINI_PROGRAM_APP_ID,
      publicBaseUrl: service.baseUrl,
    });
    const { token } = await api.stableToken(service.officialAccountCredentials());

    const withToken = await wechat(`/cgi-bin/menu/get?access_token=${encodeURIComponent(token)}`);
    const withoutToken = await wechat('/menu');

    expect(await withToken.json()).toEqual({ menu: expected });
    expect(await withoutToken.json()).toEqual({ menu: expected });
    expect(service.logLines().some((line) => line.event === 'wechat_menu_published')).toBe(true);
  });

  it.each([
    ['a wrong secret', { secret: 'wrong' }, 40125, 'invalid appsecret'],
    ['another appid', { appid: 'wx00000000000000ff' }, 40013, 'invalid appid'],
    ['no secret', { secret: '' }, 41004, 'appsecret missing'],
    ['another grant type', { grant_type: 'password' }, 40002, 'invalid grant_type'],
  ])('refuses a stable_token request with %s as WeChat does', async (_, change, errcode, errmsg) => {
    const { appId, secret } = service.officialAccountCredentials();
    const body = { grant_type: 'client_credential', appid: appId, secret, ...change };

    expect(await post('/cgi-bin/stable_token', body)).toEqual({ errcode, errmsg });
  });

  it('hands out the live token again, and one that expires after 7,200 s of the service clock', async () => {
    const credentials = service.officialAccountCredentials();
    const first = await api.stableToken(credentials);
    const again = await api.stableToken(credentials);
    expect(again.token).toBe(first.token);
    expect(first.expiresInSeconds).toBeLessThanOrEqual(7200);

    await fetch(`${service.baseUrl}/_local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 7_201 }),
    });

    await expect(api.getMenu(first.token)).rejects.toThrow(
      'WeChat menu/get failed: errcode 42001 (access_token expired)',
    );
    const renewed = await api.stableToken(credentials);
    expect(renewed.token).not.toBe(first.token);
    expect(await api.getMenu(renewed.token)).toBeDefined();
  });

  it('refuses a token it never issued, and a missing one', async () => {
    await expect(api.getMenu('made-up')).rejects.toMatchObject({ errcode: 40001 });
    expect(await (await wechat('/cgi-bin/menu/get')).json()).toEqual({
      errcode: 41001,
      errmsg: 'access_token missing',
    });
  });

  /** The first sub-button of the first top-level button, the one every menu here has. */
  const oneCardCheck = (m: Menu): MenuButton => {
    const button = m.button[0]?.sub_button?.[0];
    if (!button) throw new Error('no sub-button');
    return button;
  };

  it.each([
    [
      'a 5-character top-level name',
      (m: Menu) => Object.assign(m.button[0] ?? {}, { name: '政务服务厅' }),
      40018,
    ],
    [
      'a 6th sub-button',
      (m: Menu) => m.button[0]?.sub_button?.push(...Array(4).fill(oneCardCheck(m))),
      40023,
    ],
    ['a miniprogram button without fallback url', (m: Menu) => delete oneCardCheck(m).url, 40027],
    ['an uppercase appid', (m: Menu) => (oneCardCheck(m).appid = 'WX0000000000000B22'), 40166],
  ])("refuses a menu with %s with WeChat's errcode, keeping the menu it had", async (_, breakIt, errcode) => {
    const { token } = await api.stableToken(service.officialAccountCredentials());
    const before = await api.getMenu(token);
    if (!before) throw new Error('no menu');
    const menu = structuredClone(before);
    breakIt(menu);

    const answer = await post(`/cgi-bin/menu/create?access_token=${encodeURIComponent(token)}`, menu);

    expect(answer.errcode).toBe(errcode);
    expect(await api.getMenu(token)).toEqual(before);
  });

  it('answers a body that is not JSON with errcode 47001, and a GET of menu/create with 43002', async () => {
    const { token } = await api.stableToken(service.officialAccountCredentials());
    const query = `?access_token=${encodeURIComponent(token)}`;
    const notJson = await wechat(`/cgi-bin/menu/create${query}`, { method: 'POST', body: '<xml/>' });
    const get = await wechat(`/cgi-bin/menu/create${query}`);
    expect(await notJson.json()).toEqual({ errcode: 47001, errmsg: 'data format error' });
    expect(await get.json()).toEqual({ errcode: 43002, errmsg: 'require POST method' });
  });

  it('raises errors that name the errcode and hold neither the secret nor the token', async () => {
    const { appId, secret } = service.officialAccountCredentials();
    const wrong = `${secret}-x`;
    const error = await api.stableToken({ appId, secret: wrong }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WechatApiError);
    expect((error as Error).message).toBe('WeChat stable_token failed: errcode 40125 (invalid appsecret)');
    expect(JSON.stringify(error)).not.toContain(wrong);
  });
});

describe('pushes from the simulated WeChat to the real message handler', () => {
  let service: RunningService;
  const push = async (body: unknown) => {
    const response = await fetch(`${service.baseUrl}/_local/wechat/push`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { status?: number; reply?: { content: string } | null },
    };
  };

  beforeAll(async () => {
    service = await start();
  });
  afterAll(() => service?.close());

  it('welcomes a new follower, through a signed push the handler accepts', async () => {
    const { status, body } = await push({ openid: 'oLocalUser1', event: 'subscribe' });

    expect(status).toBe(200);
    expect(body).toEqual({ status: 200, reply: { msgType: 'text', content: WELCOME_REPLY } });
  });

  it('answers 一证通查 with how to start and the link to the One Card Check page of the local H5 app', async () => {
    const { body } = await push({ openid: 'oLocalUser1', text: '一证通查' });

    expect(body.reply?.content).toContain(`href="${service.baseUrl}/#/pages/occ/index"`);
  });

  it('gets no reply for other text', async () => {
    expect((await push({ openid: 'oLocalUser1', text: '你好' })).body).toEqual({ status: 200, reply: null });
  });

  it('refuses a push request that is neither a follow nor a text', async () => {
    expect((await push({ openid: 'o', image: 'x' })).status).toBe(400);
    expect((await push({ openid: '../etc', text: 'x' })).status).toBe(400);
    expect((await fetch(`${service.baseUrl}/_local/wechat/push`)).status).toBe(405);
  });
});
