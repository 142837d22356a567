import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { Client, fastScenario, OWNER, settledQuery, smsMatching, start, waitFor } from './support.ts';

describe('a restart in the middle of a query', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'occ-restart-'));
  let service: RunningService | undefined;
  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the query after the restart, once, and keeps sessions, outbox and data', async () => {
    const scenario = fastScenario();
    scenario.companies.alipay = { mode: 'async', latencyMs: 1_500, accounts: { [OWNER.phone]: 1 } };
    service = await start({ dataDir, scenario });
    const client = await new Client(service.baseUrl).login();
    const accepted = await client.submitWithFreshCode(OWNER);
    const queryId = String(accepted.body.queryId);
    await waitFor(async () => {
      const companies = (await client.query(queryId)).body.companies as { status: string }[];
      return companies.filter((company) => company.status === 'DONE').length === 7 ? true : undefined;
    });
    expect(await client.outbox(OWNER.phone)).toHaveLength(1);
    await service.close();

    service = await start({ dataDir, scenario });
    const again = new Client(service.baseUrl);
    again.token = client.token;
    const sms = await smsMatching(again, OWNER.phone, /关联互联网账号/);
    expect(sms.text).toContain('支付宝1，');
    const view = await settledQuery(again, queryId);
    expect(view.status).toBe('COMPLETED');
    await service.idle();
    const messages = await again.outbox(OWNER.phone);
    expect(messages.filter((message) => message.text.includes('关联互联网账号'))).toHaveLength(1);
    expect(service.logLines()).toContainEqual(
      expect.objectContaining({ event: 'service_started', resumed: 1 }),
    );
  });
});
