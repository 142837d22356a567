import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { personalDataFound } from './privacy.ts';
import { Client, fastScenario, OWNER, settledQuery, signed, start } from './support.ts';

const extra = (i: number) => `1360000${1000 + i}`;

describe('docs/api.md error rows, in check order', () => {
  let service: RunningService;
  let anonymous: Client;

  beforeAll(async () => {
    service = await start();
    anonymous = new Client(service.baseUrl);
  });
  afterAll(() => service?.close());

  describe('conventions', () => {
    it.each([
      ['GET', '/v1/nothing-here', 404, 'NOT_FOUND'],
      ['PUT', '/v1/queries', 405, 'METHOD_NOT_ALLOWED'],
      ['GET', '/v1/queries', 401, 'UNAUTHORIZED'],
      ['DELETE', '/v1/queries/abc', 405, 'METHOD_NOT_ALLOWED'],
      ['GET', '/v1/sessions', 405, 'METHOD_NOT_ALLOWED'],
      ['POST', '/v1/verification-codes', 401, 'UNAUTHORIZED'],
      ['POST', '/v1/queries', 401, 'UNAUTHORIZED'],
      ['GET', '/v1/queries/abc', 401, 'UNAUTHORIZED'],
    ])('%s %s answers %i %s without a token', async (method, path, status, code) => {
      const reply = await anonymous.call(method, path, method === 'POST' ? '{}' : undefined);
      expect(reply.status).toBe(status);
      expect(reply.body.error?.code).toBe(code);
      expect(reply.body.error?.message).toEqual(expect.any(String));
    });

    it('rejects a forged or garbage token with 401', async () => {
      const client = await new Client(service.baseUrl).login();
      const [payload, signature] = client.token.split('.');
      for (const token of ['garbage', `${payload}x.${signature}`, `${payload}.${signature}x`]) {
        const reply = await anonymous.call(
          'POST',
          '/v1/verification-codes',
          { phone: OWNER.phone },
          { authorization: `Bearer ${token}` },
        );
        expect(reply.body.error?.code).toBe('UNAUTHORIZED');
      }
    });

    it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
      expect(
        (await anonymous.call('GET', '/v1/health', undefined, { 'x-request-id': 'abc.DEF_1-2' })).headers.get(
          'x-request-id',
        ),
      ).toBe('abc.DEF_1-2');
      const replaced = (
        await anonymous.call('GET', '/v1/health', undefined, { 'x-request-id': 'bad id!' })
      ).headers.get('x-request-id');
      expect(replaced).not.toBe('bad id!');
      expect(replaced).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    });

    it('speaks the first zh or en tag of Accept-Language, zh-CN by default', async () => {
      const en = await anonymous.call('GET', '/v1/nothing', undefined, {
        'accept-language': 'fr-FR, en-GB;q=0.8, zh;q=0.5',
      });
      const zh = await anonymous.call('GET', '/v1/nothing', undefined, { 'accept-language': 'fr' });
      expect(en.body.error?.message).toMatch(/[A-Za-z]/);
      expect(zh.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  describe('POST /v1/sessions', () => {
    it('issues a token that lives two hours', async () => {
      const reply = await anonymous.call('POST', '/v1/sessions', {
        platform: 'weapp',
        code: 'wx-login-code',
      });
      expect(reply.status).toBe(201);
      const lifetime = Date.parse(String(reply.body.expiresAt)) - Date.now();
      expect(lifetime).toBeGreaterThan(7_100_000);
      expect(lifetime).toBeLessThanOrEqual(7_200_000);
    });

    it('ignores a code sent with h5', async () => {
      expect((await anonymous.call('POST', '/v1/sessions', { platform: 'h5', code: 'x' })).status).toBe(201);
    });

    it.each([
      [{ platform: 'weapp' }, 'code'],
      [{ platform: 'alipay', code: '' }, 'code'],
      [{ platform: 'desktop' }, 'platform'],
    ])('answers 400 INVALID_REQUEST for %j', async (body, field) => {
      const reply = await anonymous.call('POST', '/v1/sessions', body);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'INVALID_REQUEST', field });
    });

    it('answers 401 LOGIN_FAILED when the platform refuses the code', async () => {
      const reply = await anonymous.call('POST', '/v1/sessions', { platform: 'alipay', code: '   ' });
      expect(reply.status).toBe(401);
      expect(reply.body.error?.code).toBe('LOGIN_FAILED');
    });
  });

  describe('body checks', () => {
    it.each([
      ['not JSON', '{"phone":', undefined],
      ['not an object', '["13800138000"]', undefined],
      ['an unknown field', JSON.stringify({ phone: OWNER.phone, extra: 1 }), 'extra'],
      ['a missing field', '{}', 'phone'],
      ['a field of the wrong type', JSON.stringify({ phone: 13800138000 }), 'phone'],
      ['more than 4 KiB', JSON.stringify({ phone: OWNER.phone.padEnd(5000, ' ') }), undefined],
    ])('answers 400 INVALID_REQUEST for %s', async (_case, body, field) => {
      const client = await new Client(service.baseUrl).login();
      const reply = await client.call('POST', '/v1/verification-codes', body);
      expect(reply.status).toBe(400);
      expect(reply.body.error?.code).toBe('INVALID_REQUEST');
      expect(reply.body.error?.field).toBe(field);
    });

    it.each([
      [{ phone: '12345', idSuffix: OWNER.idSuffix, code: '123456' }, 'INVALID_PHONE', 'phone'],
      [{ phone: OWNER.phone, idSuffix: '32123X', code: '123456' }, 'INVALID_ID_SUFFIX', 'idSuffix'],
      [{ phone: OWNER.phone, idSuffix: OWNER.idSuffix, code: '12a456' }, 'INVALID_CODE', 'code'],
    ])('answers 400 with the field code for %j', async (body, code, field) => {
      const client = await new Client(service.baseUrl).login();
      const reply = await client.submit(body);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code, field });
    });
  });

  describe('POST /v1/verification-codes', () => {
    it('answers 400 INVALID_PHONE for a number that is not a mainland mobile', async () => {
      const client = await new Client(service.baseUrl).login();
      const reply = await client.requestCode('+1 415 555 0100');
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'phone' });
    });

    it('normalizes +86, spaces and hyphens before validating', async () => {
      const client = await new Client(service.baseUrl).login();
      expect((await client.requestCode(`+86 136-0000-${1000 + 11}`)).status).toBe(202);
      expect(await client.latestCode(extra(11))).toMatch(/^\d{6}$/);
    });

    it('answers 422 NUMBER_NOT_IN_SERVICE for a cancelled or unknown number', async () => {
      const client = await new Client(service.baseUrl).login();
      for (const phone of ['13700137000', '13511112222']) {
        const reply = await client.requestCode(phone);
        expect(reply.status).toBe(422);
        expect(reply.body.error?.code).toBe('NUMBER_NOT_IN_SERVICE');
      }
    });

    it('answers 429 TOO_MANY_REQUESTS with Retry-After for a second code within a minute', async () => {
      const client = await new Client(service.baseUrl).login();
      expect((await client.requestCode(extra(10))).status).toBe(202);
      const reply = await client.requestCode(extra(10));
      expect(reply.status).toBe(429);
      expect(reply.body.error?.code).toBe('TOO_MANY_REQUESTS');
      expect(reply.body.error?.retryAfterSeconds).toBeGreaterThan(0);
      expect(reply.body.error?.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(reply.headers.get('retry-after')).toBe(String(reply.body.error?.retryAfterSeconds));
    });

    it('answers 429 TOO_MANY_REQUESTS after 10 codes in one session on one day', async () => {
      const client = await new Client(service.baseUrl).login();
      for (let i = 0; i < 10; i++) expect((await client.requestCode(extra(i))).status).toBe(202);
      const reply = await client.requestCode(OWNER.phone);
      expect(reply.status).toBe(429);
      expect(reply.body.error?.code).toBe('TOO_MANY_REQUESTS');
      expect(reply.body.error?.retryAfterSeconds).toBeGreaterThan(86_000);
    });
  });

  describe('POST /v1/queries', () => {
    it('answers 403 CODE_EXPIRED when no code was ever sent', async () => {
      const client = await new Client(service.baseUrl).login();
      const reply = await client.submit({ phone: extra(12), idSuffix: '110011', code: '123456' });
      expect(reply.status).toBe(403);
      expect(reply.body.error?.code).toBe('CODE_EXPIRED');
    });

    it('counts wrong tries, voids the code on the 5th (429, Retry-After) and then answers CODE_EXPIRED', async () => {
      const client = await new Client(service.baseUrl).login();
      const code = await client.latestCode(extra(3));
      const wrong = code === '000000' ? '111111' : '000000';
      const lefts: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        const reply = await client.submit({ phone: extra(3), idSuffix: '110011', code: wrong });
        expect(reply.status).toBe(403);
        expect(reply.body.error?.code).toBe('CODE_INCORRECT');
        lefts.push(reply.body.error?.attemptsLeft);
      }
      expect(lefts).toEqual([4, 3, 2, 1]);
      const fifth = await client.submit({ phone: extra(3), idSuffix: '110011', code: wrong });
      expect(fifth.status).toBe(429);
      expect(fifth.body.error).toMatchObject({ code: 'CODE_ATTEMPTS_EXCEEDED', attemptsLeft: 0 });
      expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
      const right = await client.submit({ phone: extra(3), idSuffix: '110011', code });
      expect(right.status).toBe(403);
      expect(right.body.error?.code).toBe('CODE_EXPIRED');
    });

    it('answers 403 CODE_EXPIRED for a used code and 200 with the same query for a repeat', async () => {
      const client = await new Client(service.baseUrl).login();
      const code = await client.latestCode(extra(4));
      const first = await client.submit({ phone: extra(4), idSuffix: '110011', code });
      expect(first.status).toBe(202);
      const repeat = await client.submit({ phone: extra(4), idSuffix: '110011', code });
      expect(repeat.status).toBe(200);
      expect(repeat.body.queryId).toBe(first.body.queryId);
      // The ID suffix is not kept, even hashed, so the same session, number and code name the
      // submission: another suffix gets the first query back, which tells the caller nothing new.
      const otherSuffix = await client.submit({ phone: extra(4), idSuffix: '220022', code });
      expect(otherSuffix.status).toBe(200);
      expect(otherSuffix.body.queryId).toBe(first.body.queryId);
      const otherSession = await new Client(service.baseUrl).login();
      const used = await otherSession.submit({ phone: extra(4), idSuffix: '110011', code });
      expect(used.status).toBe(403);
      expect(used.body.error?.code).toBe('CODE_EXPIRED');
      const view = await settledQuery(client, String(first.body.queryId));
      expect(view.status).toBe('COMPLETED');
    });

    it('answers 404 QUERY_NOT_FOUND to another session and for an unknown id', async () => {
      const owner = await new Client(service.baseUrl).login();
      const code = await owner.latestCode(extra(6));
      const { body } = await owner.submit({ phone: extra(6), idSuffix: '110011', code });
      expect((await owner.query(String(body.queryId))).status).toBe(200);
      const stranger = await new Client(service.baseUrl).login();
      for (const reply of [await stranger.query(String(body.queryId)), await owner.query('no-such-query')]) {
        expect(reply.status).toBe(404);
        expect(reply.body.error?.code).toBe('QUERY_NOT_FOUND');
      }
    });
  });

  describe('POST /v1/partners/{companyId}/results', () => {
    const callback = async (companyId: string, payload: unknown, headers?: Record<string, string>) => {
      const body = JSON.stringify(payload);
      return anonymous.call(
        'POST',
        `/v1/partners/${companyId}/results`,
        body,
        headers ?? signed(service.partnerSecret(companyId), body),
      );
    };
    /** A lookup of `companyId` that has its count: the lookup id and the count recorded on its query. */
    const lookupOf = async (companyId: string) => {
      const tables = await service.tableItems();
      for (const lookup of tables.lookups ?? []) {
        if (lookup.companyId !== companyId) continue;
        const query = (tables.queries ?? []).find((item) => item.queryId === lookup.queryId);
        const result = (query?.results as Record<string, { status: string; count?: number }> | undefined)?.[
          companyId
        ];
        if (result?.status === 'DONE')
          return { lookupId: String(lookup.lookupId), count: Number(result.count) };
      }
      throw new Error(`no answered lookup of ${companyId}`);
    };

    it('answers 404 NOT_FOUND for an unknown company', async () => {
      const reply = await anonymous.call(
        'POST',
        '/v1/partners/acme/results',
        JSON.stringify({ lookupId: 'x', count: 1 }),
      );
      expect(reply.status).toBe(404);
      expect(reply.body.error?.code).toBe('NOT_FOUND');
    });

    it('answers 401 BAD_SIGNATURE for a wrong signature or a stale timestamp', async () => {
      const body = { lookupId: 'x', count: 1 };
      const wrong = await callback('alipay', body, signed('not-the-secret', JSON.stringify(body)));
      const stale = await callback(
        'alipay',
        body,
        signed(service.partnerSecret('alipay'), JSON.stringify(body), Math.floor(Date.now() / 1000) - 301),
      );
      for (const reply of [wrong, stale]) {
        expect(reply.status).toBe(401);
        expect(reply.body.error?.code).toBe('BAD_SIGNATURE');
      }
    });

    it('answers 404 LOOKUP_NOT_FOUND for an unknown lookup or one of another company', async () => {
      const tencent = await lookupOf('tencent');
      for (const reply of [
        await callback('alipay', { lookupId: 'no-such-lookup', count: 1 }),
        await callback('alipay', { lookupId: tencent.lookupId, count: 1 }),
      ]) {
        expect(reply.status).toBe(404);
        expect(reply.body.error?.code).toBe('LOOKUP_NOT_FOUND');
      }
    });

    it('answers 204 again for a repeat of the recorded result and 409 LOOKUP_CLOSED for another one', async () => {
      const alipay = await lookupOf('alipay');
      expect((await callback('alipay', { lookupId: alipay.lookupId, count: alipay.count })).status).toBe(204);
      const changed = await callback('alipay', { lookupId: alipay.lookupId, count: alipay.count + 1 });
      expect(changed.status).toBe(409);
      expect(changed.body.error?.code).toBe('LOOKUP_CLOSED');
    });
  });

  describe('expiry on the service clock', () => {
    it('expires a code after 5 minutes and a token after 2 hours', async () => {
      const client = await new Client(service.baseUrl).login();
      expect((await client.requestCode(extra(13))).status).toBe(202);
      const code = await client.latestCode(extra(13));
      await client.advanceClock(301);
      const late = await client.submit({ phone: extra(13), idSuffix: '110011', code });
      expect(late.body.error?.code).toBe('CODE_EXPIRED');
      await client.advanceClock(7_200);
      const expired = await client.requestCode(extra(13));
      expect(expired.status).toBe(401);
      expect(expired.body.error?.code).toBe('UNAUTHORIZED');
    });
  });

  afterEach(async () => {
    await service.idle();
  });

  it('leaves no personal data in tables or logs after all of the above', async () => {
    const codes = (await anonymous.outbox()).flatMap(
      (message) => /验证码为(\d{6})/.exec(message.text)?.[1] ?? [],
    );
    const found = await personalDataFound(service, {
      phones: [OWNER.phone, ...Array.from({ length: 20 }, (_, i) => extra(i))],
      idSuffixes: ['110011', '220022', OWNER.idSuffix],
      codes,
    });
    expect(found).toEqual([]);
  });
});

describe('the global daily cap', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start({ scenario: fastScenario({ service: { globalDailyCodeCap: 2 } }) });
  });
  afterAll(() => service?.close());

  it('answers 429 TOO_MANY_REQUESTS once the service sent its daily cap of codes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await (await new Client(service.baseUrl).login()).requestCode(extra(i))).status);
    expect(statuses).toEqual([202, 202, 429]);
  });
});

describe('the query cooldown', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start();
  });
  afterAll(() => service?.close());

  it('answers 429 QUERY_COOLDOWN for 24 hours after an accepted query, then sends codes again', async () => {
    const client = await new Client(service.baseUrl).login();
    const accepted = await client.submitWithFreshCode({ phone: extra(8), idSuffix: '110011' });
    expect(accepted.status).toBe(202);
    const blocked = await client.requestCode(extra(8));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe('QUERY_COOLDOWN');
    expect(blocked.body.error?.retryAfterSeconds).toBeGreaterThan(86_000);
    await settledQuery(client, String(accepted.body.queryId));
    await client.advanceClock(86_401);
    const fresh = await new Client(service.baseUrl).login();
    expect((await fresh.requestCode(extra(8))).status).toBe(202);
  });
});
