/** What WeChat puts on the query string of every push to the official account's server URL. */
export interface WechatPushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/** Tells a push WeChat signed with the account's message token, recently, from any other request. */
export interface WechatPushVerifier {
  isGenuine(push: WechatPushQuery, nowSeconds: number): boolean;
}
