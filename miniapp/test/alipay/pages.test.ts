// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installWeapp, openPage, waitFor } from '../support/weapp-harness';

/**
 * The Alipay build renders every page. The journey itself is exercised on the weapp build, which
 * shares every line of page code; this proves the Alipay runtime mounts the same pages.
 */
const harness = installWeapp('alipay');
const appJson = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '..', '..', 'dist', 'alipay', 'app.json'), 'utf8'),
) as { pages: string[] };

describe('the compiled alipay build', () => {
  it.each(appJson.pages)('renders %s with its title in the page and the navigation bar', async (page) => {
    const driver = openPage(page);
    try {
      await waitFor(() => driver.has('page-title'));
      const title = driver.text('page-title');
      expect(title.length).toBeGreaterThan(1);
      await waitFor(() =>
        harness.calls.some((call) => call.api === 'setNavigationBar' && call.options.title === title),
      );
    } finally {
      driver.close();
    }
  });
});
