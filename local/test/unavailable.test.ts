import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { personalDataFound } from './privacy.ts';
import { Client, fastScenario, OWNER, type Reply, signed, smsMatching, start, waitFor } from './support.ts';

describe('companies that do not answer', () => {
  let service: RunningService;
  let client: Client;
  let queryId: string;

  beforeAll(async () => {
    const scenario = fastScenario();
    scenario.companies.jd = { mode: 'sync', down: true, accounts: { [OWNER.phone]: 1 } };
    // Answers 202 but would call back only after an hour: the async deadline decides.
    scenario.companies.alipay = { mode: 'async', latencyMs: 3_600_000, accounts: { [OWNER.phone]: 1 } };
    service = await start({ scenario });
    client = await new Client(service.baseUrl).login();
    const accepted = await client.submitWithFreshCode(OWNER);
    queryId = String(accepted.body.queryId);
  });
  afterAll(() => service?.close());

  it('declares a company that is down unavailable after its timeouts and retries', async () => {
    const view = await waitFor(async () => {
      const reply = await client.query(queryId);
      const jd = (reply.body.companies as { id: string; status: string }[]).find(
        (company) => company.id === 'jd',
      );
      return jd?.status === 'UNAVAILABLE' ? reply.body : undefined;
    });
    expect(view.status).toBe('LOOKING_UP');
    const failures = service
      .logLines()
      .filter((line) => line.event === 'partner_call_failed' && line.companyId === 'jd');
    expect(failures.map((line) => [line.attempt, line.reason])).toEqual([
      [1, 'timeout'],
      [2, 'timeout'],
      [3, 'timeout'],
    ]);
  });

  it('waits for an async company until its deadline on the service clock, then replies naming both', async () => {
    await waitFor(async () => {
      const reply = await client.query(queryId);
      const pending = (reply.body.companies as { status: string }[]).filter(
        (company) => company.status === 'PENDING',
      );
      return pending.length === 1 ? true : undefined;
    });
    await client.advanceClock(601);
    const sms = await smsMatching(client, OWNER.phone, /关联互联网账号/);
    expect(sms.text).toContain('腾讯2，');
    expect(sms.text).toContain('快手4，');
    expect(sms.text).toMatch(/[；：](支付宝、京东|京东、支付宝)暂时无法查询，请24小时后再查/);
    const view: Reply['body'] = (await client.query(queryId)).body;
    expect(view.status).toBe('COMPLETED');
    expect(view.companies).toContainEqual({ id: 'jd', status: 'UNAVAILABLE' });
    expect(view.companies).toContainEqual({ id: 'alipay', status: 'UNAVAILABLE' });
    expect(view.companies).toContainEqual({ id: 'tencent', status: 'DONE', count: 2 });
  });

  it('answers a late callback for a closed lookup with 409 LOOKUP_CLOSED', async () => {
    const lookups = (await service.tableItems()).lookups ?? [];
    const alipay = lookups.find((item) => item.companyId === 'alipay');
    const body = JSON.stringify({ lookupId: alipay?.lookupId, count: 1 });
    const now = Math.floor(Date.now() / 1000) + 601;
    const reply = await client.call(
      'POST',
      '/v1/partners/alipay/results',
      body,
      signed(service.partnerSecret('alipay'), body, now),
    );
    expect(reply.status).toBe(409);
    expect(reply.body.error?.code).toBe('LOOKUP_CLOSED');
  });

  it('leaves no personal data behind', async () => {
    await service.idle();
    const codes = (await client.outbox()).flatMap(
      (message) => /验证码为(\d{6})/.exec(message.text)?.[1] ?? [],
    );
    expect(
      await personalDataFound(service, { phones: [OWNER.phone], idSuffixes: [OWNER.idSuffix], codes }),
    ).toEqual([]);
  });
});
