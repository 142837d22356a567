import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Menu } from '@occ/functions/wechat/menu.ts';
import { menuViolations } from '@occ/functions/wechat/menu-rules.ts';
import { parseWechatMessage, renderWechatXml } from '@occ/functions/wechat/message-xml.ts';
import { wechatSignature } from '@occ/functions/wechat/signature.ts';

/** The made-up appids of the local official account and of the mini-program its menu opens (WeChat's format). */
export const LOCAL_OFFICIAL_ACCOUNT_APP_ID = 'wx0000000000000a11';
export const LOCAL_MINI_PROGRAM_APP_ID = 'wx0000000000000b22';
/** The local official account's own id (原始ID), the ToUserName of every push. */
export const LOCAL_OFFICIAL_ACCOUNT_ID = 'gh_0ccl0ca1000a';

/** What the local page asks the simulated WeChat to push: a follow, an unfollow or a typed text. */
export type PushRequest =
  | { openid: string; event: 'subscribe' | 'unsubscribe' }
  | { openid: string; text: string };

/** What came back from the message handler, as a chat shows it: a text reply, or none. */
export interface PushResult {
  /** The handler's HTTP status. */
  status: number;
  reply: { msgType: string; content: string } | null;
}

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** How long a `stable_token` token lives, and how early WeChat hands out the next one (WeChat docs, getStableAccessToken). */
const TOKEN_SECONDS = 7_200;
const RENEW_BEFORE_SECONDS = 300;

/** WeChat's errcodes and errmsgs for what the simulation refuses (全局返回码). */
const WECHAT_ERRORS = {
  invalidCredential: [40001, 'invalid credential, access_token is invalid or not latest'],
  invalidGrantType: [40002, 'invalid grant_type'],
  invalidAppId: [40013, 'invalid appid'],
  invalidAppSecret: [40125, 'invalid appsecret'],
  tokenMissing: [41001, 'access_token missing'],
  appIdMissing: [41002, 'appid missing'],
  secretMissing: [41004, 'appsecret missing'],
  tokenExpired: [42001, 'access_token expired'],
  requirePost: [43002, 'require POST method'],
  requireGet: [43001, 'require GET method'],
  emptyBody: [44002, 'empty post data'],
  noMenu: [46003, 'menu no exist'],
  badFormat: [47001, 'data format error'],
} as const;

export interface SimulatedWechatAnswer {
  status: number;
  body: unknown;
}

/**
 * WeChat's server API as far as the official account uses it, at `/_local/wechat/cgi-bin/…`:
 * `stable_token` (tokens that expire on the service clock; WeChat's errcodes for a wrong appid or
 * secret), `menu/create` (WeChat's menu rules with WeChat's errcodes), `menu/get`; and
 * `GET /_local/wechat/menu`, the same menu without a token. Like WeChat, it answers HTTP 200 with
 * an `errcode` for every refusal.
 */
export class SimulatedWechatApi {
  private readonly tokens = new Map<string, number>();
  private latest: { token: string; expiresAt: number } | undefined;
  private menu: Menu | undefined;

  /** The official account's server URL, known once the public server listens. */
  serverUrl = '';

  constructor(
    private readonly account: { appId: string; secret: string; messageToken: string },
    private readonly nowSeconds: () => number,
  ) {}

  /**
   * Pushes a message to the official account's server URL as WeChat does (plaintext mode): WeChat's
   * XML, signed with the message token, timestamped on the service clock; answers what came back.
   * Refuses a request that is not one of {@link PushRequest} with `undefined`.
   */
  async push(request: unknown): Promise<PushResult | undefined> {
    const body = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
    const openid = typeof body.openid === 'string' && OPENID.test(body.openid) ? body.openid : undefined;
    const event = body.event === 'subscribe' || body.event === 'unsubscribe' ? body.event : undefined;
    const text = typeof body.text === 'string' && body.text.length <= 600 ? body.text : undefined;
    if (!openid || (event === undefined) === (text === undefined)) return undefined;
    const createTime = this.nowSeconds();
    const xml = renderWechatXml({
      ToUserName: LOCAL_OFFICIAL_ACCOUNT_ID,
      FromUserName: openid,
      CreateTime: createTime,
      ...(event
        ? { MsgType: 'event', Event: event }
        : {
            MsgType: 'text',
            Content: text ?? '',
            MsgId: String(createTime * 1000 + Math.floor(Math.random() * 1000)),
          }),
    });
    const timestamp = String(createTime);
    const nonce = String(Math.floor(Math.random() * 1e9));
    const query = new URLSearchParams({
      signature: wechatSignature(this.account.messageToken, timestamp, nonce),
      timestamp,
      nonce,
      openid,
    });
    const response = await fetch(`${this.serverUrl}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: xml,
    });
    const answer = await response.text();
    if (!response.ok || answer === 'success' || answer === '')
      return { status: response.status, reply: null };
    const reply = parseWechatMessage(answer);
    return {
      status: response.status,
      reply: { msgType: reply.msgType, content: 'content' in reply ? reply.content : '' },
    };
  }

  /** The menu last created, as `menu/get` would answer it. */
  currentMenu(): Menu | undefined {
    return this.menu;
  }

  /** Answers one request; `path` is what follows `/_local/wechat`. */
  handle(method: string, path: string, query: URLSearchParams, body: string): SimulatedWechatAnswer {
    switch (path) {
      case '/cgi-bin/stable_token':
        return method === 'POST' ? this.stableToken(body) : refuse('requirePost');
      case '/cgi-bin/menu/create':
        if (method !== 'POST') return refuse('requirePost');
        return this.withToken(query, () => this.createMenu(body));
      case '/cgi-bin/menu/get':
        if (method !== 'GET') return refuse('requireGet');
        return this.withToken(query, () => this.getMenu());
      case '/push':
        return {
          status: 405,
          body: { error: { code: 'METHOD_NOT_ALLOWED', message: '/_local/wechat/push takes POST' } },
        };
      case '/menu':
        if (method !== 'GET')
          return {
            status: 405,
            body: { error: { code: 'METHOD_NOT_ALLOWED', message: '/_local/wechat/menu takes GET' } },
          };
        return this.getMenu();
      default:
        return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not a simulated WeChat API' } } };
    }
  }

  private stableToken(text: string): SimulatedWechatAnswer {
    const request = parseObject(text);
    if (!request) return refuse(text.trim() === '' ? 'emptyBody' : 'badFormat');
    if (request.grant_type !== 'client_credential') return refuse('invalidGrantType');
    if (typeof request.appid !== 'string' || request.appid === '') return refuse('appIdMissing');
    if (request.appid !== this.account.appId) return refuse('invalidAppId');
    if (typeof request.secret !== 'string' || request.secret === '') return refuse('secretMissing');
    if (!sameText(request.secret, this.account.secret)) return refuse('invalidAppSecret');
    const current = this.issueToken(request.force_refresh === true);
    return ok({ access_token: current.token, expires_in: current.expiresAt - this.nowSeconds() });
  }

  /**
   * The account's live token, as `stable_token` hands it out: the same one while more than five
   * minutes are left, else a new one (the old stays valid until it expires); `force` voids the old.
   * The local official-account page reads the menu with it, as WeChat's client would.
   */
  issueToken(force = false): { token: string; expiresAt: number } {
    const now = this.nowSeconds();
    const live = this.latest && this.latest.expiresAt - now > RENEW_BEFORE_SECONDS ? this.latest : undefined;
    if (force && this.latest) this.tokens.delete(this.latest.token);
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
    const current =
      live && !force
        ? live
        : { token: randomBytes(96).toString('base64url'), expiresAt: now + TOKEN_SECONDS };
    this.tokens.set(current.token, current.expiresAt);
    this.latest = current;
    return current;
  }

  private withToken(query: URLSearchParams, answer: () => SimulatedWechatAnswer): SimulatedWechatAnswer {
    const token = query.get('access_token');
    if (!token) return refuse('tokenMissing');
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return refuse('invalidCredential');
    if (expiresAt <= this.nowSeconds()) return refuse('tokenExpired');
    return answer();
  }

  private createMenu(text: string): SimulatedWechatAnswer {
    if (text.trim() === '') return refuse('emptyBody');
    const menu = parseObject(text);
    if (!menu) return refuse('badFormat');
    const [first] = menuViolations(menu);
    if (first) return ok({ errcode: first.errcode, errmsg: first.errmsg });
    this.menu = menu as unknown as Menu;
    return ok({ errcode: 0, errmsg: 'ok' });
  }

  private getMenu(): SimulatedWechatAnswer {
    return this.menu ? ok({ menu: this.menu }) : refuse('noMenu');
  }
}

function ok(body: unknown): SimulatedWechatAnswer {
  return { status: 200, body };
}

function refuse(error: keyof typeof WECHAT_ERRORS): SimulatedWechatAnswer {
  const [errcode, errmsg] = WECHAT_ERRORS[error];
  return ok({ errcode, errmsg });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
