import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * How far a push's timestamp may be from the service clock, either way (docs/api.md: 300 s).
 * WeChat retries an unanswered push within 15 s, so five minutes keeps every retry valid.
 */
export const WECHAT_REPLAY_WINDOW_SECONDS = 300;

/**
 * WeChat's signature of a push to the server URL: the hex SHA-1 of the token, timestamp and nonce,
 * sorted and concatenated (WeChat docs, 接入概述 / 验证消息的确来自微信服务器).
 */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/**
 * Whether a push is WeChat's and recent: a 40-hex-digit signature equal (in constant time) to
 * {@link wechatSignature}, and a timestamp of unix seconds within the replay window.
 */
export function isGenuineWechatPush(
  token: string,
  push: { signature?: string; timestamp?: string; nonce?: string },
  nowSeconds: number,
): boolean {
  const { signature = '', timestamp = '', nonce = '' } = push;
  if (!/^[0-9a-f]{40}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp) || !/^[\w-]{1,64}$/.test(nonce))
    return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > WECHAT_REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(wechatSignature(token, timestamp, nonce), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'));
}
