import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIssuedId } from '@occ/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner } from '../src/adapters/crypto/token-signer.ts';
import { hmacSigner } from '../src/adapters/partners/signing.ts';
import { embed } from '../src/composition.ts';
import { ENV } from '../src/config.ts';
import { handler as getQuery } from '../src/handlers/get-query.ts';
import { handler as partnerResult } from '../src/handlers/partner-result.ts';

/**
 * Values from outside are checked against the form the service issues before any storage call. The
 * handlers run as on Lambda, their DynamoDB endpoint a server that counts the requests it gets.
 */
let storage: Server;
let storageRequests = 0;
const saved = { ...process.env };
const TOKEN_KEY = 'edge-test-token-key';
const PARTNER_SECRET = 'edge-test-partner-secret';
const token = await createTokenSigner(TOKEN_KEY).issue(
  { userId: '0123456789abcdef0123456789abcdef', platform: 'h5', exp: Math.floor(Date.now() / 1000) + 3600 },
  new Date(),
);

beforeAll(async () => {
  // Answers every DynamoDB call as "no such item".
  storage = createServer((req, res) => {
    storageRequests++;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
  });
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(storage.address() as AddressInfo).port}`,
    [ENV.stage]: 'test',
    [ENV.tableQueries]: 'queries',
    [ENV.tableLookups]: 'lookups',
    [ENV.partners]: JSON.stringify([{ companyId: 'tencent', endpoint: 'https://partner.example.test' }]),
  });
  embed({
    secrets: {
      get: async (name) => (name === 'tokenKey' ? TOKEN_KEY : `${name}-value`),
      partner: async () => PARTNER_SECRET,
    },
  });
});
afterAll(async () => {
  for (const variable of Object.keys(process.env)) if (!(variable in saved)) delete process.env[variable];
  Object.assign(process.env, saved);
  embed({});
  await new Promise((resolve) => storage.close(resolve));
});

const event = (fields: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 =>
  ({
    headers: {},
    requestContext: { requestId: 'r1', http: { method: 'GET' } },
    ...fields,
  }) as APIGatewayProxyEventV2;
const code = (result: APIGatewayProxyStructuredResultV2) =>
  [result.statusCode, (JSON.parse(String(result.body)) as { error: { code: string } }).error.code] as const;

const ISSUED = '3f2b8c1e-9a4d-4c2b-8e1f-0a9b8c7d6e5f';

/** Expects a 404 with `errorCode`, after exactly `calls` storage requests. */
async function answersWithout(
  answer: Promise<APIGatewayProxyStructuredResultV2>,
  errorCode: string,
  calls: number,
): Promise<void> {
  const before = storageRequests;
  expect(code(await answer)).toEqual([404, errorCode]);
  expect(storageRequests - before).toBe(calls);
}

/** Look-alikes of an issued id, and ids long (DynamoDB's 2,048-byte key limit), multi-byte or with control characters. */
const hostile = fc
  .oneof(
    fc.uuid({ version: 4 }).map((id) => id.toUpperCase()),
    fc.uuid({ version: 4 }).map((id) => `${id}\u200B`),
    fc.uuid({ version: 4 }).map((id) => id.replace(/[a-f]/, '\u0430')),
    fc.constantFrom('a'.repeat(2049), 'a'.repeat(2048), '中'.repeat(700), '\u0000', 'x\u001by'),
    fc.string({ maxLength: 100 }),
    // A UUID with no letter a–f is unchanged by the look-alike maps above: such a value is a real id.
  )
  .filter((id) => !isIssuedId(id));

describe('GET /v1/queries/{queryId}', () => {
  const get = (queryId: string) =>
    getQuery(
      event({
        rawPath: `/v1/queries/${queryId}`,
        pathParameters: { queryId },
        headers: { authorization: `Bearer ${token}` },
      }),
    ) as Promise<APIGatewayProxyStructuredResultV2>;

  it('answers an id the service cannot have issued with 404 QUERY_NOT_FOUND and never asks storage', () =>
    fc.assert(fc.asyncProperty(hostile, (queryId) => answersWithout(get(queryId), 'QUERY_NOT_FOUND', 0))));

  it('looks up an id of the issued form (and answers 404 when no such query exists)', () =>
    answersWithout(get(ISSUED), 'QUERY_NOT_FOUND', 1));
});

describe('POST /v1/partners/{companyId}/results', () => {
  const post = (lookupId: string) => {
    const body = JSON.stringify({ lookupId, count: 1 });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return partnerResult(
      event({
        rawPath: '/v1/partners/tencent/results',
        pathParameters: { companyId: 'tencent' },
        headers: {
          'x-occ-timestamp': timestamp,
          'x-occ-signature': hmacSigner.sign(PARTNER_SECRET, timestamp, body),
        },
        body,
        requestContext: {
          requestId: 'r2',
          http: { method: 'POST' },
        } as APIGatewayProxyEventV2['requestContext'],
      }),
    ) as Promise<APIGatewayProxyStructuredResultV2>;
  };

  it('answers a signed callback for a lookup id the service cannot have issued with 404 LOOKUP_NOT_FOUND, never asking storage', () => {
    // A body over 4 KiB is refused for its size before its contents are read.
    const fits = hostile.filter(
      (id) => Buffer.byteLength(JSON.stringify({ lookupId: id, count: 1 })) <= 4096,
    );
    return fc.assert(
      fc.asyncProperty(fits, (lookupId) => answersWithout(post(lookupId), 'LOOKUP_NOT_FOUND', 0)),
    );
  });

  it('looks up a lookup id of the issued form', () => answersWithout(post(ISSUED), 'LOOKUP_NOT_FOUND', 1));
});
