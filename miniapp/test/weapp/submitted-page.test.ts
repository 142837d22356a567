// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ACCEPTED, apiError, queryView } from '../support/fake-api';
import { openPage, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

describe('submitted page in the compiled weapp', () => {
  it('says where the SMS comes from, shows the masked number and the progress company by company', async () => {
    sim.harness.storage.set('occ.lastQuery', ACCEPTED);
    sim.api().queue(
      'status',
      queryView('LOOKING_UP', [
        { id: 'tencent', status: 'DONE' },
        { id: 'alibaba', status: 'PENDING' },
      ]),
      queryView('COMPLETED', [
        { id: 'tencent', status: 'DONE', count: 2 },
        { id: 'alibaba', status: 'UNAVAILABLE' },
      ]),
    );
    const page = sim.track(openPage('pages/submitted/index', { id: ACCEPTED.queryId }));
    await waitFor(() => page.has('sms-notice'));
    expect(page.text('sms-notice')).toBe('查询结果将在48小时内由10699000以短信发送到您的手机，请留意查收。');
    expect(page.text('phone-masked')).toBe('138****8000');
    await waitFor(() => page.has('progress-alibaba'));
    expect(page.text('progress-tencent')).toBe('腾讯已完成');
    expect(page.text('progress-alibaba')).toBe('阿里巴巴查询中');
    await waitFor(() => page.has('total-count'), 8000);
    expect(page.text('progress-tencent')).toBe('腾讯2个账号');
    expect(page.text('progress-alibaba')).toBe('阿里巴巴暂时无法查询');
    expect(page.text('total-count')).toBe('合计：2个账号');
    expect(page.text('query-status')).toContain('查询完成');
    const polls = sim.harness.requests.filter((request) =>
      request.url.endsWith(`/v1/queries/${ACCEPTED.queryId}`),
    );
    expect(polls).toHaveLength(2);
    page.tap('go-unbind');
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(String(callsOf(sim.harness, 'navigateTo')[0]?.url)).toContain('/pages/unbind/index');
  });

  it('offers a new query when the query is not found', async () => {
    sim.api().queue('status', apiError('QUERY_NOT_FOUND'));
    const page = sim.track(openPage('pages/submitted/index', { id: 'unknown' }));
    await waitFor(() => page.has('query-missing'));
    page.tap('new-query');
    await waitFor(() => callsOf(sim.harness, 'redirectTo').length === 1);
    expect(String(callsOf(sim.harness, 'redirectTo')[0]?.url)).toContain('/pages/query/index');
  });

  it('says when progress cannot be loaded and retries on request', async () => {
    sim.api().queue('status', 'network-error', 'network-error', 'network-error');
    const page = sim.track(openPage('pages/submitted/index', { id: ACCEPTED.queryId }));
    await waitFor(() => page.has('progress-retry'), 8000);
    expect(page.text('progress-error')).toContain('结果仍会以短信发送');
    sim.api().queue('status', queryView('REJECTED', []));
    page.tap('progress-retry');
    await waitFor(() => page.has('query-status') && page.text('query-status').includes('未通过核验'));
    expect(page.has('progress-error')).toBe(false);
  });
});
