import path from 'node:path';
import { type RunningService, type Scenario, startService } from '@occ/local';
import type { OutboxMessage } from '@occ/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { MINIAPP_DIR } from './build';

/** The embedded default on a free port, serving the h5 build, keeping nothing. */
export function startH5Service(scenario?: Scenario): Promise<RunningService> {
  return startService({
    port: 0,
    dataDir: ':memory:',
    quiet: true,
    ...(scenario ? { scenario } : {}),
    h5Dir: path.join(MINIAPP_DIR, 'dist', 'h5'),
  });
}

/** A fresh device: a 375 × 812 phone screen in Chinese that may use the clipboard. */
export async function newPhone(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  return context;
}

/** The element with this id on the page in front: Taro's h5 router keeps earlier pages hidden in the DOM. */
export function visible(page: Page, id: string): Locator {
  return page.locator(`#${id} >> visible=true`).first();
}

/** Resolves once no animation runs: Taro's h5 router slides each new page in. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().length === 0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

/** Types into a Taro input (the real input inside its host) and leaves it, as a person would. */
export async function typeInto(page: Page, id: string, value: string): Promise<void> {
  const input = visible(page, id).locator('input');
  await input.fill(value);
  await input.blur();
}

/** Every SMS the local service sent to this number, oldest first. */
export async function outbox(baseUrl: string, phone: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${baseUrl}/_local/outbox?phone=${phone}`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

/** The verification code in the newest SMS to this number. */
export async function latestCode(baseUrl: string, phone: string): Promise<string> {
  const code = (await outbox(baseUrl, phone)).at(-1)?.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
  if (!code) throw new Error(`no verification code in the outbox of ${phone}`);
  return code;
}

/** Measures the page in front: Taro's page scrolls inside its own container, not the document. */
export function measure(page: Page, dimension: 'height' | 'overflow'): Promise<number> {
  return page.evaluate(
    (what) =>
      Math.max(
        0,
        ...Array.from(document.querySelectorAll('.taro_page'))
          .filter((container) => getComputedStyle(container).display !== 'none')
          .map((container) =>
            what === 'height' ? container.scrollHeight : container.scrollWidth - container.clientWidth,
          ),
      ),
    dimension,
  );
}

/** A screenshot of the whole page in front, 375 px wide, saved under test-output/screenshots. */
export async function fullScreenshot(page: Page, file: string): Promise<void> {
  await settle(page);
  await page.setViewportSize({ width: 375, height: Math.max(812, await measure(page, 'height')) });
  await settle(page);
  await page.screenshot({ path: file, animations: 'disabled' });
  await page.setViewportSize({ width: 375, height: 812 });
}
