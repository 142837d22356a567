import type { WechatPushVerifier } from '../../ports/wechat-pushes.ts';
import { isGenuineWechatPush } from '../../wechat/signature.ts';

/** WeChat's push signature (SHA-1 of the sorted token, timestamp and nonce) checked with the message token. */
export function wechatPushVerifier(messageToken: string): WechatPushVerifier {
  return { isGenuine: (push, nowSeconds) => isGenuineWechatPush(messageToken, push, nowSeconds) };
}
