import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { personalDataFound } from './privacy.ts';
import { Client, MISMATCH, OWNER, type Reply, settledQuery, smsMatching, start } from './support.ts';

const RESULT_TEXT = '腾讯2，阿里巴巴1，支付宝1，百度0，快手4，抖音3，京东1，美团2。';
const CROWD_PHONE = '13600001000';

describe('the local embedded default, driven over HTTP', () => {
  let service: RunningService;
  let client: Client;
  let accepted: Reply;
  let settled: Reply['body'];

  beforeAll(async () => {
    service = await start();
    client = await new Client(service.baseUrl).login();
    accepted = await client.submitWithFreshCode(OWNER);
    settled = await settledQuery(client, String(accepted.body.queryId));
  });
  afterAll(() => service?.close());

  it('accepts the query with 202 and the contract body', () => {
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      status: 'ACCEPTED',
      phoneMasked: '138****8000',
      smsPort: '10699000',
    });
    const acceptedAt = Date.parse(String(accepted.body.acceptedAt));
    expect(Date.parse(String(accepted.body.replyBy)) - acceptedAt).toBe(48 * 3_600_000);
    expect(accepted.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
  });

  it('sends the result SMS with the scenario counts from the service port', async () => {
    const sms = await smsMatching(client, OWNER.phone, /关联互联网账号/);
    expect(sms.text).toContain(RESULT_TEXT);
    expect(sms.text.startsWith('【一证通查】')).toBe(true);
    expect(sms).toMatchObject({ from: '10699000', segments: 1 });
  });

  it('shows the same counts in GET /v1/queries/{id} once COMPLETED', () => {
    expect(settled.status).toBe('COMPLETED');
    expect(settled.smsSentAt).toEqual(expect.any(String));
    expect(settled.companies).toEqual([
      { id: 'tencent', status: 'DONE', count: 2 },
      { id: 'alibaba', status: 'DONE', count: 1 },
      { id: 'alipay', status: 'DONE', count: 1 },
      { id: 'baidu', status: 'DONE', count: 0 },
      { id: 'kuaishou', status: 'DONE', count: 4 },
      { id: 'douyin', status: 'DONE', count: 3 },
      { id: 'jd', status: 'DONE', count: 1 },
      { id: 'meituan', status: 'DONE', count: 2 },
    ]);
  });

  it('counts an async company that answered through the signed callback route', () => {
    const callbacks = service
      .logLines()
      .filter(
        (line) => line.event === 'http_request' && line.route === 'POST /v1/partners/{companyId}/results',
      );
    expect(callbacks.map((line) => line.status)).toContain(204);
    expect(service.logLines()).toContainEqual(
      expect.objectContaining({ event: 'company_answered', companyId: 'alipay', mode: 'callback' }),
    );
  });

  it('counts a company that failed twice and then answered', () => {
    const failures = service
      .logLines()
      .filter((line) => line.event === 'partner_call_failed' && line.companyId === 'kuaishou');
    expect(failures.map((line) => line.attempt)).toEqual([1, 2]);
    expect(settled.companies).toContainEqual({ id: 'kuaishou', status: 'DONE', count: 4 });
  });

  it('answers a mismatched ID suffix with the same 202, then REJECTED, the unsuccessful SMS and the cooldown', async () => {
    const other = await new Client(service.baseUrl).login();
    const reply = await other.submitWithFreshCode({ phone: MISMATCH.phone, idSuffix: '010101' });
    expect(reply.status).toBe(202);
    expect(Object.keys(reply.body).sort()).toEqual(Object.keys(accepted.body).sort());
    expect(reply.body.status).toBe('ACCEPTED');
    const view = await settledQuery(other, String(reply.body.queryId));
    expect(view).toMatchObject({ status: 'REJECTED', companies: [] });
    const sms = await smsMatching(other, MISMATCH.phone, /查询未成功/);
    expect(sms.text).toContain('【一证通查】');
    const again = await other.requestCode(MISMATCH.phone);
    expect(again.status).toBe(429);
    expect(again.body.error?.code).toBe('QUERY_COOLDOWN');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(86_000);
  });

  it('turns 50 concurrent identical submissions into one query and one SMS', async () => {
    const crowd = await new Client(service.baseUrl).login();
    expect((await crowd.requestCode(CROWD_PHONE)).status).toBe(202);
    const code = await crowd.latestCode(CROWD_PHONE);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => crowd.submit({ phone: CROWD_PHONE, idSuffix: '110011', code })),
    );
    const ids = new Set(replies.map((reply) => reply.body.queryId));
    expect(ids.size).toBe(1);
    expect(replies.filter((reply) => reply.status === 202)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(49);
    await settledQuery(crowd, String([...ids][0]));
    await service.idle();
    const results = (await crowd.outbox(CROWD_PHONE)).filter((message) => !message.text.includes('验证码'));
    expect(results).toHaveLength(1);
    const queries = (await service.tableItems()).queries ?? [];
    expect(queries.filter((item) => item.phoneMasked === '136****1000')).toHaveLength(1);
  });

  it('erases the encrypted number once the reply is sent', async () => {
    await service.idle();
    const queries = (await service.tableItems()).queries ?? [];
    expect(queries.length).toBeGreaterThan(0);
    for (const item of queries) expect(item).not.toHaveProperty('phoneEncrypted');
  });

  it('leaves no full number, ID suffix or code in clear in any table item or log line', async () => {
    await service.idle();
    const messages = await client.outbox();
    const codes = messages.flatMap((message) => /验证码为(\d{6})/.exec(message.text)?.[1] ?? []);
    expect(codes.length).toBeGreaterThanOrEqual(3);
    const found = await personalDataFound(service, {
      phones: [OWNER.phone, MISMATCH.phone, CROWD_PHONE],
      idSuffixes: [OWNER.idSuffix, '010101', '110011'],
      codes,
    });
    expect(found).toEqual([]);
  });
});
