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

/**
 * The SDK's retry, narrowed to error answers: SNS said no (throttling, a 5xx answer), so trying
 * again cannot send twice. A request that got no answer (a dropped connection, a timeout) may have
 * been delivered and is never repeated here; the caller decides what an unknown outcome means.
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
      if (count >= maxAttempts || info.errorType === 'CLIENT_ERROR' || !refusedStatus(info.error))
        throw info.error ?? new Error('no retry');
      return token(count, Math.random() * baseDelayMs * 2 ** count);
    },
    recordSuccess: () => {},
  };
}

/**
 * SMS through SNS `Publish` with a phone number, transactional. An error answer from SNS becomes
 * `SmsNotSentError`; a failure without an answer is passed on as it is (outcome unknown). Build the
 * client with `retryRefusedPublishes()` so the SDK never repeats a publish whose outcome is
 * unknown. The idempotency key travels as a message attribute for a gateway that honours it; SNS
 * itself does not deduplicate SMS.
 */
export function snsSmsSender(client: SNSClient): SmsSender {
  return {
    async send({ to, text, idempotencyKey }) {
      try {
        await client.send(
          new PublishCommand({
            PhoneNumber: `+86${to}`,
            Message: text,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
              'OCC.IdempotencyKey': { DataType: 'String', StringValue: idempotencyKey },
            },
          }),
        );
      } catch (error) {
        const status = refusedStatus(error);
        if (status === undefined) throw error;
        throw new SmsNotSentError(`${(error as Error).name} (${status})`);
      }
    },
  };
}
