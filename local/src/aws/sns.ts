import { randomUUID } from 'node:crypto';
import { SMS_PORT } from '@occ/shared';

/**
 * An SNS-compatible `Publish` endpoint (query protocol, XML answer) so the real SNS adapter runs:
 * SMS to a phone number land in the outbox.
 */
export function snsPublish(
  form: URLSearchParams,
  deliver: (message: { to: string; from: string; text: string }) => void,
): { status: number; body: string } {
  if (form.get('Action') !== 'Publish') return xmlError('InvalidAction', 'only Publish is emulated');
  const phone = form.get('PhoneNumber') ?? '';
  const text = form.get('Message') ?? '';
  if (!/^\+\d{6,15}$/.test(phone) || text === '')
    return xmlError('InvalidParameter', 'PhoneNumber and Message are required');
  const messageId = randomUUID();
  // Like SNS, every accepted publish is delivered: message attributes (the idempotency key) do not dedupe.
  deliver({ to: phone.replace(/^\+86/, ''), from: SMS_PORT, text });
  return {
    status: 200,
    body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  };
}

function xmlError(code: string, message: string) {
  return {
    status: 400,
    body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}
