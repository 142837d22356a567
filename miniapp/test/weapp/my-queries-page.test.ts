// @vitest-environment jsdom
import type { QuerySummary } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { ACCEPTED, apiError, queryView } from '../support/fake-api';
import { openPage, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

const completedAt = new Date().toISOString();
const COMPLETED: QuerySummary = { ...ACCEPTED, status: 'COMPLETED', completedAt, smsSentAt: completedAt };
const EARLIER: QuerySummary = {
  ...ACCEPTED,
  queryId: '0b6f2a8e-1c3d-4e5f-9a7b-2c4d6e8f0a1b',
  status: 'REJECTED',
  phoneMasked: '139****9000',
};

describe('My queries in the compiled weapp', () => {
  it('lists the queries with the counts of a completed one, each opening its result', async () => {
    sim.api().queue('list', { statusCode: 200, data: { queries: [COMPLETED, EARLIER] } });
    sim.api().queue(
      'status',
      queryView(
        'COMPLETED',
        [
          { id: 'tencent', status: 'DONE', count: 2 },
          { id: 'baidu', status: 'DONE', count: 0 },
          { id: 'douyin', status: 'DONE', count: 3 },
        ],
        { completedAt, smsSentAt: completedAt },
      ),
    );
    const page = sim.track(openPage('pages/queries/index'));
    await waitFor(() => page.has(`query-${COMPLETED.queryId}`) && page.text().includes('合计'));
    const entry = page.text(`query-${COMPLETED.queryId}`);
    expect(entry).toContain('138****8000  查询完成');
    expect(entry).toContain('合计：5个账号');
    expect(entry).toContain('有绑定账号的企业：腾讯2个、抖音3个');
    expect(page.text(`query-${EARLIER.queryId}`)).toContain('139****9000  未通过核验');
    expect(page.has('start-query')).toBe(false);
    await page.tap(`query-${EARLIER.queryId}`);
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(callsOf(sim.harness, 'navigateTo')[0]?.url).toBe(`/pages/submitted/index?id=${EARLIER.queryId}`);
    const details = sim.harness.requests.filter((request) => /\/v1\/queries\/[0-9a-f-]+$/.test(request.url));
    expect(details, 'only the completed query is read for its counts').toHaveLength(1);
  });

  it('renews an expired session with a new wx.login, without asking the reader', async () => {
    sim.api().queue('list', apiError('UNAUTHORIZED'), { statusCode: 200, data: { queries: [EARLIER] } });
    const page = sim.track(openPage('pages/queries/index'));
    await waitFor(() => page.has(`query-${EARLIER.queryId}`));
    expect(callsOf(sim.harness, 'login').length).toBeGreaterThanOrEqual(1);
    expect(page.has('queries-error')).toBe(false);
  });

  it('offers a first query when there is none, and a retry when the list cannot be read', async () => {
    const page = sim.track(openPage('pages/queries/index'));
    await waitFor(() => page.has('queries-empty'));
    expect(page.text('queries-empty')).toContain('近30天没有查询记录');
    page.close();
    sim.api().queue('list', 'network-error', 'network-error', 'network-error');
    const failing = sim.track(openPage('pages/queries/index'));
    await waitFor(() => failing.has('queries-retry'), 8000);
    await failing.tap('queries-retry');
    await waitFor(() => failing.has('queries-empty'));
  });

  it.each([['pages/home/index'], ['pages/occ/index']])('is one tap away from %s', async (from) => {
    const page = sim.track(openPage(from));
    await waitFor(() => page.has('entry-my-queries'));
    await page.tap('entry-my-queries');
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(callsOf(sim.harness, 'navigateTo')[0]?.url).toBe('/pages/queries/index');
  });
});
