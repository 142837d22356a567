import { normalizePhone } from '@occ/shared';
import { httpHandler } from '../http/respond.ts';

/**
 * `GET <OutboxUrl>?phone=13800138000`: the SMS the sandbox stage sent to one number, oldest first,
 * as `{ messages: [{ to, from, text, segments, sentAt }] }` (the shape of the embedded default's
 * `/_local/outbox`). The sandbox sends no real SMS; this is where a maintainer reads them.
 */
export const handler = httpHandler('sandbox-outbox', async (request, deps) => {
  const phone = normalizePhone(request.queryParameter('phone') ?? '');
  if (request.method !== 'GET') return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } };
  if (!/^1\d{10}$/.test(phone))
    return { status: 400, body: { error: { code: 'INVALID_PHONE', field: 'phone' } } };
  return { status: 200, body: { messages: await deps.outbox.list(phone) } };
});
