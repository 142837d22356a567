import { httpHandler } from '../http/respond.ts';

/** `GET /v1/health` */
export const handler = httpHandler('get-health', async () => ({ status: 200, body: { status: 'ok' } }));
