import { errorMessage } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { problemText } from '../../src/components/problem-text';
import { STRINGS } from '../../src/i18n/strings';
import {
  type ApiClient,
  ApiError,
  createApiClient,
  NetworkError,
  readOutcome,
} from '../../src/services/api-client';
import {
  errorAnswer,
  PLATFORMS,
  type PlatformName,
  type Scripted,
  ScriptedService,
} from './platform-requests';

const SUBMIT = 'POST /v1/queries';
const LIST = 'GET /v1/queries';
const CODES = 'POST /v1/verification-codes';
const SESSIONS = 'POST /v1/sessions';
const BODY = { phone: '13800138000', idSuffix: '01234X', code: '123456' };

function defaults(route: string): Scripted {
  if (route === SESSIONS) {
    return { status: 201, body: { token: `token-${Math.random()}`, expiresAt: '2999-01-01T00:00:00.000Z' } };
  }
  if (route === CODES) return { status: 202, body: { resendAfterSeconds: 60, expiresInSeconds: 300 } };
  if (route === SUBMIT) return { status: 202, body: { queryId: 'q-1', status: 'ACCEPTED' } };
  return { status: 200, body: { queries: [] } };
}

function setUp(platform: PlatformName): { service: ScriptedService; client: ApiClient; logins: number[] } {
  const service = new ScriptedService(defaults);
  const logins: number[] = [];
  const client = createApiClient({
    transport: PLATFORMS[platform](service),
    baseUrl: 'https://api.example.gov.cn',
    login: async () => {
      logins.push(logins.length + 1);
      return platform === 'h5' ? { platform } : { platform, code: `login-${logins.length}` };
    },
    locale: () => 'zh-CN',
    wait: async () => undefined,
  });
  return { service, client, logins };
}

const submit = (client: ApiClient) =>
  client.request({ method: 'POST', path: '/v1/queries', body: BODY, auth: true });
const list = (client: ApiClient) => client.request({ method: 'GET', path: '/v1/queries', auth: true });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

describe.each(['weapp', 'alipay', 'h5'] as const)('API client on %s', (platform) => {
  it('sends a wrong code once and shows its words', async () => {
    const { service, client } = setUp(platform);
    service.queue(SUBMIT, errorAnswer('CODE_INCORRECT', { attemptsLeft: 4 }));
    const error = await caught(submit(client));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'CODE_INCORRECT', status: 403, attemptsLeft: 4 });
    expect(service.sentTo(SUBMIT)).toHaveLength(1);
    const shown = problemText({ code: 'CODE_INCORRECT', attemptsLeft: 4 }, 'zh-CN', STRINGS['zh-CN']);
    expect(shown).toBe(errorMessage('CODE_INCORRECT', 'zh-CN', { attemptsLeft: 4 }));
    expect(shown).toContain('还可以再试4次');
  });

  it('keeps the wait of a 429, from the body or else from Retry-After', async () => {
    const { service, client } = setUp(platform);
    service.queue(
      CODES,
      errorAnswer('QUERY_COOLDOWN', { retryAfterSeconds: 7200 }),
      { status: 429, body: { message: 'Too Many Requests' }, headers: { 'Retry-After': '30' } },
      { status: 429, body: { message: 'Too Many Requests' } },
    );
    const call = () =>
      client.request({
        method: 'POST',
        path: '/v1/verification-codes',
        body: { phone: '13800138000' },
        auth: true,
      });
    await expect(call()).rejects.toMatchObject({ code: 'QUERY_COOLDOWN', retryAfterSeconds: 7200 });
    await expect(call()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 });
    await expect(call()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 });
    expect(service.sentTo(CODES)).toHaveLength(3);
  });

  it('renews the session on 401 with a fresh login and sends the call again, once', async () => {
    const { service, client, logins } = setUp(platform);
    await list(client);
    service.queue(SUBMIT, errorAnswer('UNAUTHORIZED'));
    await expect(submit(client)).resolves.toMatchObject({ queryId: 'q-1' });
    const [first, second] = service.sentTo(SUBMIT);
    expect(first?.header.authorization).not.toBe(second?.header.authorization);
    expect(logins).toHaveLength(2);
    const sessions = service.sentTo(SESSIONS).map((request) => request.body);
    expect(sessions).toHaveLength(2);
    if (platform !== 'h5') expect(sessions[1]).toEqual({ platform, code: 'login-2' });
    service.queue(SUBMIT, errorAnswer('UNAUTHORIZED'), errorAnswer('UNAUTHORIZED'));
    await expect(submit(client)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(service.sentTo(SUBMIT)).toHaveLength(4);
  });

  it('sends a POST that got no answer only once, and says the network is down', async () => {
    const { service, client } = setUp(platform);
    service.queue(SUBMIT, 'no-answer');
    await expect(submit(client)).rejects.toBeInstanceOf(NetworkError);
    expect(service.sentTo(SUBMIT)).toHaveLength(1);
  });

  it('sends a GET again after no answer or a timeout, and stops after three tries', async () => {
    const { service, client } = setUp(platform);
    service.queue(LIST, 'timeout', 'no-answer');
    await expect(list(client)).resolves.toEqual({ queries: [] });
    expect(service.sentTo(LIST)).toHaveLength(3);
    service.queue(LIST, 'no-answer', 'no-answer', 'no-answer');
    await expect(list(client)).rejects.toBeInstanceOf(NetworkError);
    expect(service.sentTo(LIST)).toHaveLength(6);
  });

  it('never sends a GET again once the service answered, even with 503', async () => {
    const { service, client } = setUp(platform);
    service.queue(LIST, errorAnswer('SERVICE_UNAVAILABLE'));
    await expect(list(client)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(service.sentTo(LIST)).toHaveLength(1);
  });

  it('opens a session again with a new login code when the first got no answer', async () => {
    const { service, client, logins } = setUp(platform);
    service.queue(SESSIONS, 'no-answer');
    await expect(list(client)).resolves.toEqual({ queries: [] });
    expect(logins).toHaveLength(2);
    expect(service.sentTo(SESSIONS)).toHaveLength(2);
  });

  it('reads an answer that is not the service error body by its status', async () => {
    const { service, client } = setUp(platform);
    service.queue(SUBMIT, { status: 502, body: '<html>Bad Gateway</html>' });
    await expect(submit(client)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 502 });
    expect(service.sentTo(SUBMIT)).toHaveLength(1);
  });
});

describe('readOutcome', () => {
  it.each([
    ['weapp answer', { status: 'fulfilled', value: { statusCode: 403, data: {}, header: { A: '1' } } }, 403],
    ['alipay HTTP error', { status: 'rejected', reason: { error: 19, status: 429, headers: {} } }, 429],
    ['h5 answer', { status: 'fulfilled', value: { statusCode: 200, data: null, header: {} } }, 200],
  ] as const)('reads a %s as answered', (_, settled, statusCode) => {
    expect(readOutcome(settled as PromiseSettledResult<unknown>)).toMatchObject({
      answered: true,
      statusCode,
    });
  });

  it.each([
    ['weapp fail', { status: 'rejected', reason: { errMsg: 'request:fail timeout' } }],
    ['alipay network error', { status: 'rejected', reason: { error: 12, errorMessage: '网络出错' } }],
    [
      'alipay resolved offline',
      { status: 'fulfilled', value: { errMsg: 'request:ok', statusCode: undefined } },
    ],
    ['h5 TypeError', { status: 'rejected', reason: new TypeError('Failed to fetch') }],
    ['anything else', { status: 'rejected', reason: 'boom' }],
  ] as const)('reads a %s as no answer', (_, settled) => {
    expect(readOutcome(settled as PromiseSettledResult<unknown>).answered).toBe(false);
  });
});
