import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wechatPushVerifier } from '../src/adapters/wechat/push-verifier.ts';
import { BadSignatureError, InvalidRequestError } from '../src/errors.ts';
import {
  answerWechatMessage,
  verifyWechatServer,
  type WechatMessageDeps,
} from '../src/use-cases/answer-wechat-message.ts';
import { parseWechatMessage } from '../src/wechat/message-xml.ts';
import { WELCOME_REPLY } from '../src/wechat/replies.ts';
import { wechatSignature } from '../src/wechat/signature.ts';
import { FakeClock } from './fakes.ts';

const TOKEN = 'messageToken32charsLongAbcdefgh1';
const clock = new FakeClock();
const deps: WechatMessageDeps = {
  wechatPushes: wechatPushVerifier(TOKEN),
  clock,
  links: { miniProgramAppId: 'wx0123456789abcdef', publicBaseUrl: 'https://occ.example' },
};
const now = () => String(Math.floor(clock.now().getTime() / 1000));

function signed(timestamp = now(), nonce = '1234567890') {
  return { timestamp, nonce, signature: wechatSignature(TOKEN, timestamp, nonce) };
}

function message(fields: Record<string, string>): string {
  const inner = Object.entries({
    ToUserName: 'gh_0123456789ab',
    FromUserName: 'oUser-openid',
    CreateTime: now(),
    ...fields,
  })
    .map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`)
    .join('');
  return `<xml>${inner}</xml>`;
}

/** The reply's fields, read back with the same parser. */
function replyOf(answer: ReturnType<typeof answerWechatMessage>) {
  if (answer.kind !== 'xml') throw new Error('no XML reply');
  return parseWechatMessage(answer.body) as ReturnType<typeof parseWechatMessage> & { content: string };
}

describe('verifyWechatServer', () => {
  it('answers the echostr of a signed, recent request', () => {
    expect(verifyWechatServer(deps, { ...signed(), echostr: '7305471926134508173' })).toBe(
      '7305471926134508173',
    );
  });

  it.each([
    ['a signature made with another token', { ...signed(), signature: wechatSignature('other', now(), '1') }],
    ['no signature', { timestamp: now(), nonce: '1' }],
    ['a signature that is not hex', { ...signed(), signature: 'z'.repeat(40) }],
    ['a replay 301 s old', signed(String(Number(now()) - 301))],
    ['a timestamp 301 s ahead', signed(String(Number(now()) + 301))],
  ])('refuses %s with BAD_SIGNATURE', (_, query) => {
    expect(() => verifyWechatServer(deps, { ...query, echostr: '1' })).toThrow(BadSignatureError);
  });

  it('accepts a push 300 s old, the edge of the replay window', () => {
    expect(verifyWechatServer(deps, { ...signed(String(Number(now()) - 300)), echostr: 'abc' })).toBe('abc');
  });

  it('refuses an echostr that is not WeChat’s shape, after the signature', () => {
    expect(() => verifyWechatServer(deps, { ...signed(), echostr: '<script>' })).toThrow(InvalidRequestError);
  });
});

describe('answerWechatMessage', () => {
  it('welcomes a new follower from the account to the follower, saying where One Card Check is', () => {
    const reply = replyOf(
      answerWechatMessage(deps, signed(), message({ MsgType: 'event', Event: 'subscribe' })),
    );

    expect(reply).toMatchObject({
      toUserName: 'oUser-openid',
      fromUserName: 'gh_0123456789ab',
      msgType: 'text',
    });
    expect(reply.content).toBe(WELCOME_REPLY);
    expect(reply.content).toContain('「政务服务」→「一证通查」');
  });

  it.each(['一证通查', '我想用一证通查查一下', '一证　通查'])(
    'answers "%s" with how to start and the link',
    (text) => {
      const reply = replyOf(
        answerWechatMessage(deps, signed(), message({ MsgType: 'text', Content: text, MsgId: '1' })),
      );

      expect(reply.content).toContain('结果由 10699000 短信发送给您');
      expect(reply.content).toContain(
        '<a data-miniprogram-appid="wx0123456789abcdef" data-miniprogram-path="pages/occ/index" href="https://occ.example/#/pages/occ/index">',
      );
    },
  );

  it.each([
    ['other text', { MsgType: 'text', Content: '你好' }],
    ['unsubscribing', { MsgType: 'event', Event: 'unsubscribe' }],
    ['a menu view event', { MsgType: 'event', Event: 'view_miniprogram', EventKey: 'pages/occ/index' }],
    ['an image', { MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x', MediaId: 'm' }],
  ])('answers %s with success (no reply)', (_, fields) => {
    expect(answerWechatMessage(deps, signed(), message(fields))).toEqual({ kind: 'success' });
  });

  it('checks the signature before the body', () => {
    expect(() => answerWechatMessage(deps, {}, 'not xml')).toThrow(BadSignatureError);
  });

  it.each([
    [
      'an entity bomb',
      `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>`,
    ],
    [
      'an external entity',
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><ToUserName>&e;</ToUserName></xml>`,
    ],
    ['a DOCTYPE alone', `<!DOCTYPE xml><xml>${message({ MsgType: 'text', Content: '一证通查' }).slice(5)}`],
    ['a body over 16 KiB', message({ MsgType: 'text', Content: '一'.repeat(6000) })],
    ['JSON', '{"MsgType":"text"}'],
    ['no envelope', '<xml><MsgType>text</MsgType></xml>'],
    ['an empty body', ''],
    ['unclosed tags', '<xml><ToUserName>gh'],
  ])('refuses %s with INVALID_REQUEST', (_, body) => {
    expect(() => answerWechatMessage(deps, signed(), body)).toThrow(InvalidRequestError);
  });

  it('expands no entity: an undeclared one stays as written and is not a mention', () => {
    const body = message({ MsgType: 'text', Content: 'x' }).replace(
      '<![CDATA[x]]>',
      '&#19968;&#35777;&#36890;&#26597;',
    );
    expect(answerWechatMessage(deps, signed(), body)).toEqual({ kind: 'success' });
  });

  it('answers any body with a reply, success or INVALID_REQUEST, never another error', () => {
    const query = signed();
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })),
        (body) => {
          try {
            const answer = answerWechatMessage(deps, query, body);
            expect(['xml', 'success']).toContain(answer.kind);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidRequestError);
          }
        },
      ),
    );
  });
});
