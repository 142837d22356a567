import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, it } from 'vitest';
import { neverReachedService, retryRefusedPublishes, snsSmsSender } from '../src/adapters/sns/sms-sender.ts';
import { SmsNotSentError } from '../src/errors.ts';

type Answer = 'ok' | 'throttle' | 'server-error' | 'invalid' | 'drop';

const OK = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m1</MessageId></PublishResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></PublishResponse>`;
const error = (code: string, type: string) =>
  `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r1</RequestId></ErrorResponse>`;

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** An SNS stand-in on loopback that answers each Publish as scripted (then `ok`), and counts them. */
async function sender(answers: Answer[]) {
  const seen = { publishes: 0 };
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.publishes++;
      const answer = answers.shift() ?? 'ok';
      if (answer === 'drop') return req.socket.destroy();
      if (answer === 'ok') return res.writeHead(200, { 'content-type': 'text/xml' }).end(OK);
      const [status, body] =
        answer === 'throttle'
          ? [400, error('Throttling', 'Sender')]
          : answer === 'invalid'
            ? [400, error('InvalidParameter', 'Sender')]
            : [500, error('InternalError', 'Receiver')];
      res.writeHead(status, { 'content-type': 'text/xml' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const client = new SNSClient({
    region: 'cn-north-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    retryStrategy: retryRefusedPublishes(3, 1),
  });
  const send = () => snsSmsSender(client).send({ to: '13800138000', text: 'text', idempotencyKey: 'k' });
  return { seen, send };
}

/** A loopback port with nothing listening on it (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('snsSmsSender', () => {
  it('retries throttling and 5xx answers and then succeeds', async () => {
    const { seen, send } = await sender(['throttle', 'server-error']);
    await expect(send()).resolves.toEqual({ messageId: 'm1' });
    expect(seen.publishes).toBe(3);
  });

  it.each([
    ['throttling every time', ['throttle', 'throttle', 'throttle'], 3],
    ['a 5xx answer every time', ['server-error', 'server-error', 'server-error'], 3],
    ['an invalid parameter (not retried)', ['invalid'], 1],
  ] as const)('answers SmsNotSentError after %s', async (_case, answers, publishes) => {
    const { seen, send } = await sender([...answers]);
    await expect(send()).rejects.toBeInstanceOf(SmsNotSentError);
    expect(seen.publishes).toBe(publishes);
  });

  it('never repeats a publish that got no answer, and does not call it refused', async () => {
    const { seen, send } = await sender(['drop']);
    const failure = await send().catch((reason: unknown) => reason);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(SmsNotSentError);
    expect(seen.publishes).toBe(1);
  });

  it('calls a refused connection not sent, so the reply can be tried again', async () => {
    const client = new SNSClient({
      region: 'cn-north-1',
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      retryStrategy: retryRefusedPublishes(3, 1),
    });
    const failure = await snsSmsSender(client)
      .send({ to: '13800138000', text: 'text', idempotencyKey: 'k' })
      .catch((reason: unknown) => reason);
    expect(failure).toBeInstanceOf(SmsNotSentError);
    expect((failure as SmsNotSentError).reason).toContain('ECONNREFUSED');
  });

  it('keeps a connection dropped after the request was read as an unknown outcome', async () => {
    const { seen, send } = await sender(['drop']);
    const failure = await send().catch((reason: unknown) => reason);
    expect(seen.publishes).toBe(1);
    expect(neverReachedService(failure)).toBe(false);
    expect(failure).not.toBeInstanceOf(SmsNotSentError);
  });
});

describe('neverReachedService', () => {
  const withCode = (code: string, name = 'Error') =>
    Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, name });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a name that does not resolve', withCode('ENOTFOUND')],
    ['a resolver that did not answer', withCode('EAI_AGAIN')],
    [
      'the handler giving up connecting',
      Object.assign(
        new Error(
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 100 ms.',
        ),
        { name: 'TimeoutError' },
      ),
    ],
    ['every address refusing', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
  ])('is true for %s', (_case, error) => {
    expect(neverReachedService(error)).toBe(true);
  });

  it.each([
    ['a reset after the request went out', withCode('ECONNRESET', 'TimeoutError')],
    ['a response timeout', withCode('ETIMEDOUT', 'TimeoutError')],
    [
      'an idle socket timeout',
      Object.assign(
        new Error('@smithy/node-http-handler - the request socket timed out after 100 ms of inactivity'),
        {
          name: 'TimeoutError',
        },
      ),
    ],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_case, error) => {
    expect(neverReachedService(error)).toBe(false);
  });
});
