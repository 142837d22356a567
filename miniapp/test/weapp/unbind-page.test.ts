// @vitest-environment jsdom
import { enabledCompanies } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { hotlineForReading } from '../../src/components/hotline';
import { openPage, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

describe('unbinding and details page in the compiled weapp', () => {
  it('lists every company with its apps, its unbinding steps and its hotline grouped for reading', async () => {
    const page = sim.track(openPage('pages/unbind/index'));
    await waitFor(() => page.has('company-meituan'));
    for (const company of enabledCompanies()) {
      const card = page.text(`company-${company.id}`);
      expect(card).toContain(company.name.zh);
      expect(card).toContain(`包含应用：${company.apps.join('、')}`);
      expect(card).toContain(company.unbindGuide.zh);
      expect(page.text(`dial-${company.id}`)).toBe(`拨打 ${hotlineForReading(company.hotline)}`);
      expect(page.text(`index-${company.id}`)).toBe(company.name.zh);
    }
    expect(page.text('dial-baidu')).toBe('拨打 400-920-3800');
  });

  it('dials the hotline with makePhoneCall, and copies it', async () => {
    const page = sim.track(openPage('pages/unbind/index'));
    await waitFor(() => page.has('dial-baidu'));
    await page.tap('dial-baidu');
    await waitFor(() => callsOf(sim.harness, 'makePhoneCall').length === 1);
    expect(callsOf(sim.harness, 'makePhoneCall')[0]?.phoneNumber).toBe('4009203800');
    await page.tap('copy-baidu');
    await waitFor(() => page.has('hotline-copied'));
    expect(callsOf(sim.harness, 'setClipboardData')[0]?.data).toBe('4009203800');
  });

  it('jumps to a company from the index, and opens at the company a result links to', async () => {
    const page = sim.track(openPage('pages/unbind/index'));
    await waitFor(() => page.has('index-jd'));
    await page.tap('index-jd');
    await waitFor(() => callsOf(sim.harness, 'pageScrollTo').some((call) => call.selector === '#company-jd'));
    await waitFor(() => page.attribute('company-jd', 'cl') === 'card card--chosen');
    expect(page.attribute('company-tencent', 'cl')).toBe('card');
    page.close();
    const linked = sim.track(openPage('pages/unbind/index', { company: 'douyin' }));
    await waitFor(() =>
      callsOf(sim.harness, 'pageScrollTo').some((call) => call.selector === '#company-douyin'),
    );
    expect(linked.attribute('company-douyin', 'cl')).toBe('card card--chosen');
  });

  it('names the apps in English, with ASCII punctuation, after the language switch', async () => {
    const page = sim.track(openPage('pages/unbind/index'));
    await waitFor(() => page.has('toggle-locale'));
    await page.tap('toggle-locale');
    await waitFor(() => page.text('company-tencent').includes('Apps: WeChat, QQ'));
    expect(page.text('toggle-locale')).toBe('中文');
    expect(page.text().replace('中文', '')).toMatch(/^[\x20-\x7e]+$/);
  });
});
