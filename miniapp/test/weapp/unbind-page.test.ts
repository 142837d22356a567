// @vitest-environment jsdom
import { enabledCompanies } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { openPage, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

describe('unbinding and details page in the compiled weapp', () => {
  it('lists every company with its apps, its unbinding steps and its hotline', async () => {
    const page = sim.track(openPage('pages/unbind/index'));
    await waitFor(() => page.has('company-meituan'));
    for (const company of enabledCompanies()) {
      const card = page.text(`company-${company.id}`);
      expect(card).toContain(company.name.zh);
      for (const app of company.apps) expect(card).toContain(app);
      expect(card).toContain(company.unbindGuide.zh);
      expect(page.text(`hotline-${company.id}`)).toBe(`拨打${company.hotline}`);
    }
  });

  it('dials the hotline with makePhoneCall when tapped', async () => {
    const page = sim.track(openPage('pages/unbind/index'));
    await waitFor(() => page.has('hotline-tencent'));
    page.tap('hotline-tencent');
    await waitFor(() => callsOf(sim.harness, 'makePhoneCall').length === 1);
    expect(callsOf(sim.harness, 'makePhoneCall')[0]?.phoneNumber).toBe('95017');
  });
});
