import { PublishCommand, type SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { SmsNotSentError } from '../../errors.ts';
import type { SmsSender } from '../../ports/messaging.ts';

type RetryStrategy = Extract<NonNullable<SNSClientConfig['retryStrategy']>, { recordSuccess: unknown }>;

/** The HTTP status of the error answer SNS gave, or `undefined` when no answer came (network, timeout). */
function refusedStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return status !== undefined && status >= 400 ? status : undefined;
}

/** Error codes Node gives when the connection to the endpoint never opened. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether the failure proves the request never reached SNS: the connection was refused, the name
 * did not resolve, or the SDK's node http handler gave up connecting (its connect timeout, a
 * `TimeoutError` without a code that says no connection was established, raised before any byte of
 * the request was written). A reset, a dropped connection or a response timeout after the request
 * went out is not proof: SNS may have taken the message.
 */
export function neverReachedService(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NOT_CONNECTED_CODES.has(code)) return true;
  // Node 20 reports a failed connect to several addresses (happy eyeballs) as one AggregateError.
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.every((inner) => neverReachedService(inner));
  return (
    error.name === 'TimeoutError' &&
    code === undefined &&
    /did not establish a connection/.test(error.message)
  );
}

/**
 * The SDK's retry, narrowed to failures that cannot have sent anything: SNS said no (throttling, a
 * 5xx answer) or the request never reached it (see `neverReachedService`), so trying again cannot
 * send twice. A request that got no answer (a dropped connection, a response timeout) may have been
 * delivered and is never repeated here; the caller decides what an unknown outcome means.
 */
export function retryRefusedPublishes(maxAttempts = 3, baseDelayMs = 100): RetryStrategy {
  const token = (count: number, delay: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    async refreshRetryTokenForRetry(previous, info) {
      const count = previous.getRetryCount() + 1;
      const retryable =
        neverReachedService(info.error) ||
        (info.errorType !== 'CLIENT_ERROR' && refusedStatus(info.error) !== undefined);
      if (count >= maxAttempts || !retryable) throw info.error ?? new Error('no retry');
      return token(count, Math.random() * baseDelayMs * 2 ** count);
    },
    recordSuccess: () => {},
  };
}

/**
 * SMS through SNS `Publish` with a phone number, transactional. An error answer from SNS, or a
 * failure that proves the request never reached it (refused connection, DNS failure, connect
 * timeout), becomes `SmsNotSentError`; any other failure without an answer is passed on as it is
 * (outcome unknown). Build the
 * client with `retryRefusedPublishes()` so the SDK never repeats a publish whose outcome is
 * unknown. The idempotency key travels as a message attribute for a gateway that honours it; SNS
 * itself does not deduplicate SMS. Resolves with SNS's `MessageId`, the key of the SMS delivery
 * status log.
 */
export function snsSmsSender(client: SNSClient): SmsSender {
  return {
    async send({ to, text, idempotencyKey }) {
      try {
        const answer = await client.send(
          new PublishCommand({
            PhoneNumber: `+86${to}`,
            Message: text,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
              'OCC.IdempotencyKey': { DataType: 'String', StringValue: idempotencyKey },
            },
          }),
        );
        return { messageId: answer.MessageId ?? 'unknown' };
      } catch (error) {
        if (neverReachedService(error)) {
          const code = (error as { code?: unknown }).code;
          throw new SmsNotSentError(
            `${(error as Error).name} (${typeof code === 'string' ? code : 'no connection'})`,
            { cause: error },
          );
        }
        const status = refusedStatus(error);
        if (status === undefined) throw error;
        throw new SmsNotSentError(`${(error as Error).name} (${status})`, { cause: error });
      }
    },
  };
}
