import { readSmsTemplate, type SmsTemplateName } from '@occ/shared';
import { SmsNotSentError } from '../../errors.ts';
import type { SmsSender } from '../../ports/messaging.ts';
import { neverReachedService } from '../sns/sms-sender.ts';

/** What the stage configuration gives the Alibaba Cloud SMS adapter. */
export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** The registered signature, without brackets (一证通查). */
  signName: string;
  /** The registered template code of each fixed message. */
  templates: Record<SmsTemplateName, string>;
  /** Host (and port) of the API; Alibaba Cloud's public `dysmsapi.aliyuncs.com` by default. */
  endpoint?: string;
  protocol?: 'HTTP' | 'HTTPS';
  /** Alibaba Cloud advises at least 1 s for mainland SMS; a reply that takes longer is an unknown outcome. */
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Sends per message, first one included, when the gateway refuses for flow control. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

/**
 * Alibaba Cloud's flow-control refusals: the gateway did not take the message, so sending again
 * later cannot send it twice (error codes, help.aliyun.com/document_detail/101346).
 */
const THROTTLED = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling.User', 'Throttling.Api', 'Throttling']);

/**
 * SMS to mainland numbers through Alibaba Cloud SMS (`SendSms`, official SDK
 * `@alicloud/dysmsapi20170525`): the text is read back as one of the five registered templates
 * (`readSmsTemplate`) and sent as its template code and variables under the registered signature;
 * the idempotency key travels as `OutId`, and the gateway's `BizId` is the receipt's message id.
 *
 * The reply's at-most-once rule: a refusal the gateway answered (a business error code, an HTTP
 * error answer) or a request that never reached it is `SmsNotSentError`, and flow control is tried
 * again here with backoff (nothing was sent); an outcome without an answer (a read timeout, a
 * dropped connection) is passed on as it is and never repeated, since the gateway may have taken
 * the message and `SendSms` is not idempotent.
 */
export function aliyunSmsSender(options: AliyunSmsOptions): SmsSender {
  let client: ReturnType<typeof loadClient> | undefined;
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 200;

  return {
    async send({ to, text, idempotencyKey }) {
      const template = readSmsTemplate(text);
      const templateCode = template ? options.templates[template.name] : undefined;
      if (!template || !templateCode) throw new SmsNotSentError('NoRegisteredTemplate');
      client ??= loadClient(options);
      const { sdk, client: ready } = await client;
      const request = new sdk.SendSmsRequest({
        phoneNumbers: to,
        signName: options.signName,
        templateCode,
        ...(Object.keys(template.params).length > 0
          ? { templateParam: JSON.stringify(template.params) }
          : {}),
        outId: idempotencyKey.slice(0, 256),
      });
      for (let attempt = 1; ; attempt++) {
        let code: string;
        try {
          const answer = await ready.sendSms(request);
          code = answer.body?.code ?? 'NoCode';
          if (code === 'OK') return { messageId: answer.body?.bizId ?? 'unknown' };
        } catch (error) {
          code = refusedCode(error);
        }
        if (!THROTTLED.has(code) || attempt >= maxAttempts) throw new SmsNotSentError(code);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * baseDelayMs * 2 ** attempt));
      }
    },
  };
}

/**
 * The SDK client, its packages loaded on first use: the stages that send through another gateway
 * leave `@alicloud/*` out of their bundles (`cdk/src/constructs/occ-function.ts`), so nothing there
 * may import it at load time.
 */
async function loadClient(options: AliyunSmsOptions) {
  const [sdk, { $OpenApiUtil }] = await Promise.all([
    import('@alicloud/dysmsapi20170525'),
    import('@alicloud/openapi-core'),
  ]);
  const client = new sdk.default(
    new $OpenApiUtil.Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: options.endpoint ?? 'dysmsapi.aliyuncs.com',
      protocol: options.protocol ?? 'HTTPS',
      readTimeout: options.readTimeoutMs ?? 5_000,
      connectTimeout: options.connectTimeoutMs ?? 2_000,
    }),
  );
  return { sdk, client };
}

/** The code of a refusal (the gateway answered, or was never reached); any other failure is rethrown. */
function refusedCode(error: unknown): string {
  const answered = error as { statusCode?: number; code?: string };
  if (typeof answered.statusCode === 'number' && answered.statusCode >= 400)
    return answered.code ?? `HTTP ${answered.statusCode}`;
  if (neverReachedService(error) || neverReachedService((error as { cause?: unknown }).cause))
    return 'NotConnected';
  throw error;
}
