import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldStart } from '../src/composition.ts';
import { ENV } from '../src/config.ts';
import { bearerToken, httpHandler } from '../src/http/respond.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

function event(headers: Record<string, string>, gatewayId: string): APIGatewayProxyEventV2 {
  return {
    headers,
    rawPath: '/v1/health',
    requestContext: { requestId: gatewayId, http: { method: 'GET', path: '/v1/health' } },
  } as unknown as APIGatewayProxyEventV2;
}

describe('the request id we answer', () => {
  // Every function's environment holds its stage (the catalogue's base settings).
  beforeAll(() => {
    process.env[ENV.stage] = 'test';
    coldStart();
  });
  afterAll(() => {
    delete process.env[ENV.stage];
    coldStart();
  });
  const handler = httpHandler('get-health', async () => ({ status: 200, body: { ok: true } }));
  const answered = async (headers: Record<string, string>, gatewayId: string) =>
    String((await handler(event(headers, gatewayId))).headers?.['x-request-id']);

  it('keeps a well-formed caller id', async () => {
    expect(await answered({ 'X-Request-Id': 'app-1.2_3' }, 'Gw1=')).toBe('app-1.2_3');
  });

  it('always matches the pattern, even when the caller id is invalid and the gateway id holds "="', async () => {
    for (const given of ['has space', 'x'.repeat(129), 'semi;colon', '']) {
      const id = await answered({ 'x-request-id': given }, 'JxA3Yg3SFiAEJBQ=');
      expect(id).toMatch(REQUEST_ID);
    }
    expect(await answered({}, 'JxA3Yg3SFiAEJBQ=')).toMatch(REQUEST_ID);
  });

  it('uses the gateway id when it is well-formed and the caller sent none', async () => {
    expect(await answered({}, 'JxA3Yg3SFiAEJBQ')).toBe('JxA3Yg3SFiAEJBQ');
  });
});

describe('bearerToken', () => {
  it('accepts the Bearer scheme in any letter case and nothing else', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      expect(bearerToken(`${scheme} abc.def-1`)).toBe('abc.def-1');
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer  abc', 'Bearer a b', 'Bearerabc']) {
      expect(bearerToken(header)).toBeUndefined();
    }
  });
});
