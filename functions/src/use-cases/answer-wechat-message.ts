import { normalizeText } from '@occ/shared';
import { BadSignatureError, InvalidRequestError } from '../errors.ts';
import { type Clock, epochSeconds } from '../ports/clock.ts';
import type { WechatPushQuery, WechatPushVerifier } from '../ports/wechat-pushes.ts';
import { parseWechatMessage, renderTextReply, WechatMessageFormatError } from '../wechat/message-xml.ts';
import { entryReply, mentionsOneCardCheck, type ReplyLinks, WELCOME_REPLY } from '../wechat/replies.ts';

/** docs/api.md: a pushed body over 16 KiB is refused (WeChat's own messages are a few hundred bytes). */
export const MAX_WECHAT_BODY_BYTES = 16 * 1024;

export interface WechatMessageDeps {
  /** Checks WeChat's signature with the message token (服务器配置 Token) shared with WeChat. */
  wechatPushes: WechatPushVerifier;
  clock: Clock;
  links: ReplyLinks;
}

/** What to send back: WeChat's passive reply XML, or the plain text `success` ("no reply"). */
export type WechatAnswer = { kind: 'xml'; body: string } | { kind: 'success' };

/** The echostr WeChat sends to verify the server URL: its digits, or letters at most. */
const ECHOSTR = /^[A-Za-z0-9_-]{1,128}$/;

function checkSignature(deps: WechatMessageDeps, query: WechatPushQuery): void {
  if (!deps.wechatPushes.isGenuine(query, epochSeconds(deps.clock.now()))) throw new BadSignatureError();
}

/**
 * `GET` server-URL verification (服务器配置): the `echostr` to answer when the push is signed with
 * the message token and recent, else `BadSignatureError`; an echostr that is not WeChat's shape is
 * `InvalidRequestError`.
 */
export function verifyWechatServer(deps: WechatMessageDeps, query: WechatPushQuery): string {
  checkSignature(deps, query);
  if (!ECHOSTR.test(query.echostr ?? '')) throw new InvalidRequestError('INVALID_REQUEST', 'echostr');
  return query.echostr ?? '';
}

/**
 * A pushed message: checks the signature and replay window (`BadSignatureError`), then the body
 * (over 16 KiB, not XML, a DOCTYPE, not a WeChat message: `InvalidRequestError`). Following the
 * account gets the welcome; text that mentions 一证通查 gets how to start and the link; anything
 * else gets `success`. A reply never repeats what the user wrote.
 */
export function answerWechatMessage(
  deps: WechatMessageDeps,
  query: WechatPushQuery,
  body: string | undefined,
): WechatAnswer {
  checkSignature(deps, query);
  if (body === undefined || body === '' || Buffer.byteLength(body) > MAX_WECHAT_BODY_BYTES)
    throw new InvalidRequestError('INVALID_REQUEST');
  let message: ReturnType<typeof parseWechatMessage>;
  try {
    message = parseWechatMessage(body);
  } catch (error) {
    if (error instanceof WechatMessageFormatError) throw new InvalidRequestError('INVALID_REQUEST');
    throw error;
  }
  const reply = (content: string): WechatAnswer => ({
    kind: 'xml',
    body: renderTextReply({
      toUser: message.fromUserName,
      fromUser: message.toUserName,
      createTime: epochSeconds(deps.clock.now()),
      content,
    }),
  });
  if (message.msgType === 'event' && 'event' in message && message.event === 'subscribe')
    return reply(WELCOME_REPLY);
  if (
    message.msgType === 'text' &&
    'content' in message &&
    mentionsOneCardCheck(normalizeText(message.content))
  )
    return reply(entryReply(deps.links));
  return { kind: 'success' };
}
