// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { openPage, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

describe('navigation in the compiled weapp', () => {
  it('lands on Government Services with the One Card Check entry', async () => {
    const page = sim.track(openPage('pages/home/index'));
    await waitFor(() => page.has('entry-occ'));
    expect(page.text('page-root')).toContain('政务服务');
    expect(page.text('entry-occ')).toContain('一证通查');
    await page.tap('entry-occ');
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(callsOf(sim.harness, 'navigateTo')[0]?.url).toMatch(/^\/pages\/occ\/index/);
  });

  it.each([
    ['entry-internet', '/pages/query/index'],
    ['entry-phone-cards', '/pages/phone-cards/index'],
    ['entry-unbind', '/pages/unbind/index'],
    ['entry-guide', '/pages/guide/index'],
  ])('opens %s from the One Card Check landing', async (entry, url) => {
    const page = sim.track(openPage('pages/occ/index'));
    await waitFor(() => page.has(entry));
    expect(page.text('entry-internet')).toContain('互联网账号');
    expect(page.text('entry-phone-cards')).toContain('手机卡');
    await page.tap(entry);
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(String(callsOf(sim.harness, 'navigateTo')[0]?.url)).toContain(url);
  });

  it('explains that phone cards are a separate service and offers the Internet accounts query', async () => {
    const page = sim.track(openPage('pages/phone-cards/index'));
    await waitFor(() => page.has('use-internet'));
    expect(page.text()).toContain('另一项服务');
    await page.tap('use-internet');
    await waitFor(() => callsOf(sim.harness, 'redirectTo').length === 1);
    expect(String(callsOf(sim.harness, 'redirectTo')[0]?.url)).toContain('/pages/query/index');
  });

  it('offers the way back home on every page but home', async () => {
    const page = sim.track(openPage('pages/guide/index'));
    await waitFor(() => page.has('go-home'));
    await page.tap('go-home');
    await waitFor(() => callsOf(sim.harness, 'reLaunch').length === 1);
    expect(String(callsOf(sim.harness, 'reLaunch')[0]?.url)).toContain('/pages/home/index');
  });

  it('shows the notes of the service in the guide', async () => {
    const page = sim.track(openPage('pages/guide/index'));
    await waitFor(() => page.has('guide-notes'));
    const notes = page.text('guide-notes');
    expect(notes).toContain('24小时后重新查询');
    expect(notes).toContain('已销号的手机号码不能查询');
    expect(notes).toContain('有异议');
  });

  it.each([
    ['care mode (23.8 px)', { fontSizeSetting: 23.8, fontSizeScaleFactor: 1.4 }, true],
    ['one step up (18 px)', { fontSizeSetting: 18, fontSizeScaleFactor: 18 / 17 }, true],
    ['the standard size (17 px)', { fontSizeSetting: 17, fontSizeScaleFactor: 1 }, false],
    ['one step down (16 px)', { fontSizeSetting: 16, fontSizeScaleFactor: 16 / 17 }, false],
  ])('follows WeChat text set to %s until the reader chooses', async (_, size, large) => {
    sim.harness.setTextSize(size);
    const page = sim.track(openPage('pages/query/index'));
    await waitFor(() => page.has('toggle-large-type'));
    expect(page.attribute('page-root', 'cl')).toBe(large ? 'page page--large' : 'page');
    expect(page.text('toggle-large-type')).toBe(large ? '大字模式：开' : '大字模式：关');
    expect(sim.harness.storage.has('occ.prefs'), 'nothing is stored until the reader chooses').toBe(false);
    await page.tap('toggle-large-type');
    await waitFor(() => page.attribute('page-root', 'cl') === (large ? 'page' : 'page page--large'));
    const next = sim.track(openPage('pages/home/index'));
    await waitFor(() => next.has('toggle-large-type'));
    expect(next.attribute('page-root', 'cl'), 'the choice outlasts the platform setting').toBe(
      large ? 'page' : 'page page--large',
    );
  });

  it('switches to large type and to English, and remembers both on the device', async () => {
    const page = sim.track(openPage('pages/home/index'));
    await waitFor(() => page.has('toggle-large-type'));
    expect(page.attribute('page-root', 'cl')).toBe('page');
    await page.tap('toggle-large-type');
    await waitFor(() => page.attribute('page-root', 'cl') === 'page page--large');
    await page.tap('toggle-locale');
    await waitFor(() => page.text('entry-occ').includes('One Card Check'));
    expect(page.text('toggle-large-type')).toBe('Large type: on');
    expect(sim.harness.storage.get('occ.prefs')).toEqual({ locale: 'en', largeType: true });
    const next = sim.track(openPage('pages/guide/index'));
    await waitFor(() => next.text().includes('How to use it'));
    expect(next.attribute('page-root', 'cl')).toBe('page page--large');
  });
});
