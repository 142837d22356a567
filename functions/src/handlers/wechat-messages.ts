import { httpHandler } from '../http/respond.ts';
import { answerWechatMessage, verifyWechatServer } from '../use-cases/answer-wechat-message.ts';

const PLAIN = 'text/plain; charset=utf-8';

/**
 * `GET|POST /v1/wechat/messages`: the official account's server URL. GET answers WeChat's URL check
 * with its echostr; POST answers a pushed message with a passive reply (XML) or `success`.
 */
export const handler = httpHandler('wechat-messages', async (request, deps) => {
  const query = {
    signature: request.queryParameter('signature'),
    timestamp: request.queryParameter('timestamp'),
    nonce: request.queryParameter('nonce'),
    echostr: request.queryParameter('echostr'),
  };
  const useCaseDeps = {
    wechatPushes: deps.wechatPushes,
    clock: deps.clock,
    links: { miniProgramAppId: deps.settings.wechatAppId, publicBaseUrl: deps.settings.publicBaseUrl },
  };
  if (request.method === 'GET') {
    return { status: 200, text: { contentType: PLAIN, body: verifyWechatServer(useCaseDeps, query) } };
  }
  const answer = answerWechatMessage(useCaseDeps, query, request.body);
  // Neither the openid nor what was written is logged: only whether a reply went back.
  request.logger.info('wechat_message_answered', { reply: answer.kind === 'xml' });
  return answer.kind === 'xml'
    ? { status: 200, text: { contentType: 'application/xml; charset=utf-8', body: answer.body } }
    : { status: 200, text: { contentType: PLAIN, body: 'success' } };
});
