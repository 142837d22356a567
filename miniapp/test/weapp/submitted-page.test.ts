// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ACCEPTED, apiError, queryView } from '../support/fake-api';
import { openPage, type PageDriver, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

function openResult(): PageDriver {
  return sim.track(openPage('pages/submitted/index', { id: ACCEPTED.queryId }));
}

const titles = () => callsOf(sim.harness, 'setNavigationBarTitle').map((call) => call.title);

describe('result page in the compiled weapp', () => {
  it('follows a query to its counts: title, notice and main action change with the state', async () => {
    sim.harness.storage.set('occ.lastQuery', ACCEPTED);
    const sentAt = new Date().toISOString();
    sim.api().queue(
      'status',
      queryView('LOOKING_UP', [
        { id: 'tencent', status: 'DONE' },
        { id: 'alibaba', status: 'PENDING' },
      ]),
      queryView(
        'COMPLETED',
        [
          { id: 'tencent', status: 'DONE', count: 2 },
          { id: 'baidu', status: 'DONE', count: 0 },
          { id: 'alibaba', status: 'UNAVAILABLE' },
        ],
        { completedAt: sentAt, smsSentAt: sentAt },
      ),
    );
    const page = openResult();
    await waitFor(() => page.has('progress-alibaba'));
    expect(page.text('page-title')).toBe('查询已提交');
    expect(page.text('result-notice')).toMatch(
      /^查询结果将由10699000以短信发送到138\*\*\*\*8000，最晚\d{1,2}月\d{1,2}日 \d{2}:\d{2}。/,
    );
    expect(page.text('steps')).toBe('✓填写已完成2核验进行中3短信回复');
    expect(page.text('progress-tencent')).toBe('腾讯已完成');
    expect(page.text('progress-alibaba')).toBe('阿里巴巴查询中');
    expect(page.attribute('go-unbind', 'cl')).toBe('btn btn--plain');

    await waitFor(() => page.has('total-count'), 8000);
    expect(page.text('page-title')).toBe('查询完成');
    // The navigation bar follows the state in an effect, which runs after the frame that shows it.
    await waitFor(() => titles().includes('查询完成'));
    expect(titles()).toEqual(expect.arrayContaining(['查询已提交', '查询完成']));
    expect(page.text('result-notice')).toMatch(
      /^查询结果已于(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}由10699000以短信发送到138\*\*\*\*8000，请查收。$/,
    );
    expect(page.text('result-notice')).not.toContain('48小时');
    expect(page.text('steps')).toBe('✓填写已完成✓核验已完成✓短信回复已完成');
    expect(page.text('progress-tencent')).toBe('腾讯2个账号有绑定账号查看解绑方法 >');
    expect(page.attribute('progress-tencent', 'cl')).toBe('result-row result-row--found');
    expect(page.text('progress-baidu')).toBe('百度无绑定账号');
    expect(page.attribute('progress-baidu', 'cl')).toBe('result-row result-row--none');
    expect(page.text('progress-alibaba')).toBe('阿里巴巴暂时无法查询');
    expect(page.text('total-count')).toBe('合计：2个账号');
    expect(page.attribute('go-unbind', 'cl')).toBe('btn btn--primary');

    await page.tap('progress-tencent');
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(callsOf(sim.harness, 'navigateTo')[0]?.url).toBe('/pages/unbind/index?company=tencent');
    const polls = sim.harness.requests.filter((request) =>
      request.url.endsWith(`/v1/queries/${ACCEPTED.queryId}`),
    );
    expect(polls).toHaveLength(2);
  });

  it('says a rejected query did not pass the check, what to check, and the time a new query is allowed', async () => {
    sim.api().queue('status', queryView('REJECTED', []));
    const page = openResult();
    await waitFor(() => page.text('page-title') === '未通过核验');
    const notice = page.text('result-notice');
    expect(notice).toContain('请核对身份证号码后六位');
    expect(notice).toMatch(/(\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}以后可以重新查询。$/);
    expect(page.text('steps')).toBe('✓填写已完成✗核验未完成3短信回复');
    expect(page.has('go-unbind')).toBe(false);
    expect(page.has('query-again'), 'no new query within 24 hours').toBe(false);
    expect(page.has('progress')).toBe(false);
  });

  it('offers a new query once a rejected query is a day old', async () => {
    const dayOld = new Date(Date.now() - 25 * 3_600_000).toISOString();
    sim.api().queue('status', queryView('REJECTED', [], { acceptedAt: dayOld }));
    const page = openResult();
    await waitFor(() => page.has('query-again'));
    await page.tap('query-again');
    await waitFor(() => callsOf(sim.harness, 'redirectTo').length === 1);
    expect(callsOf(sim.harness, 'redirectTo')[0]?.url).toBe('/pages/query/index');
  });

  it('says when a reply could not be sent', async () => {
    sim.api().queue('status', queryView('FAILED', []));
    const page = openResult();
    await waitFor(() => page.text('page-title') === '结果短信未能发送');
    expect(page.text('result-notice')).toMatch(/^各企业已查询完毕，但结果短信没有发送成功。/);
    expect(page.text('steps')).toBe('✓填写已完成✓核验已完成✗短信回复未完成');
  });

  it('says an unknown query is not found, without a "submitted" title over it', async () => {
    sim.api().queue('status', apiError('QUERY_NOT_FOUND'));
    const page = sim.track(openPage('pages/submitted/index', { id: 'unknown' }));
    await waitFor(() => page.text('page-title') === '没有找到这次查询');
    expect(page.text()).not.toContain('查询已提交');
    expect(page.has('steps')).toBe(false);
    expect(page.attribute('my-queries', 'cl'), 'the main action leads to the queries, not to a new one').toBe(
      'btn btn--primary',
    );
    expect(page.attribute('new-query', 'cl')).toBe('btn btn--plain');
    await page.tap('my-queries');
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(callsOf(sim.harness, 'navigateTo')[0]?.url).toBe('/pages/queries/index');
  });

  it('says when the result cannot be loaded and retries on request', async () => {
    sim.api().queue('status', 'network-error', 'network-error', 'network-error');
    const page = openResult();
    await waitFor(() => page.has('progress-retry'), 8000);
    expect(page.text('progress-error')).toContain('结果仍会以短信发送');
    sim.api().queue('status', queryView('REJECTED', []));
    await page.tap('progress-retry');
    await waitFor(() => page.text('page-title') === '未通过核验');
    expect(page.has('progress-error')).toBe(false);
  });
});
