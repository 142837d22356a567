import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../../ports/messaging.ts';

/**
 * SMS through SNS `Publish` with a phone number, transactional. The idempotency key travels as a
 * message attribute: SNS itself does not deduplicate SMS, a domestic gateway behind this port can.
 */
export function snsSmsSender(client: SNSClient): SmsSender {
  return {
    async send({ to, text, idempotencyKey }) {
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
    },
  };
}
