import path from 'node:path';
import { type RunningService, startService } from '@occ/local';
import type { OutboxMessage } from '@occ/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, screenshotPath } from './support/browser';
import { MINIAPP_DIR } from './support/build';

/**
 * The official-account entry in Chromium, as a citizen meets it in WeChat: follow the account,
 * read the welcome, type 一证通查 and read the reply (both answered by the real message handler to
 * pushes the simulated WeChat signs), tap 政务服务 → 一证通查, land in the H5 app on the One Card
 * Check page and complete a query from there.
 */

const missing = chromiumMissing();
const PHONE = '13800138000';
const TIMEOUT = 30_000;

let service: RunningService;
let browser: Browser;
let page: Page;

/** The element with this id on the page in front (Taro's h5 router keeps earlier pages hidden in the DOM). */
function el(id: string): Locator {
  return page.locator(`#${id} >> visible=true`).first();
}

async function outbox(): Promise<OutboxMessage[]> {
  const response = await fetch(`${service.baseUrl}/_local/outbox?phone=${PHONE}`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}

async function shot(name: string): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  await page.screenshot({ path: screenshotPath(`official-account-${name}`), animations: 'disabled' });
}

async function typeInto(id: string, value: string): Promise<void> {
  const input = el(id).locator('input');
  await input.fill(value);
  await input.blur();
}

describe('the official account in Chromium', () => {
  beforeAll(async () => {
    if (missing) return;
    service = await startService({
      port: 0,
      dataDir: ':memory:',
      quiet: true,
      h5Dir: path.join(MINIAPP_DIR, 'dist', 'h5'),
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('follows, reads the welcome, types 一证通查, taps 政务服务 → 一证通查 and completes a query', async (ctx) => {
    if (missing) return ctx.skip(missing);

    // The account before following.
    await page.goto(`${service.baseUrl}/_local/official-account.html`);
    await page.locator('#follow').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('一证通查服务');
    await shot('01-profile');

    // Follow: the welcome comes from the message handler.
    await page.locator('#follow').click();
    const welcome = page.locator('.msg.account .bubble').first();
    await welcome.waitFor();
    await expect(welcome.textContent()).resolves.toContain('请点击下方菜单「政务服务」→「一证通查」');
    await expect(page.locator('.menu').allTextContents()).resolves.toEqual(['政务服务']);
    await shot('02-welcome');

    // Type 一证通查: the reply says how to start, with the link to the One Card Check page.
    await page.locator('#to-keyboard').click();
    await page.locator('#text').fill('一证通查');
    await page.locator('#send').click();
    const reply = page.locator('.msg.account .bubble').nth(1);
    await reply.waitFor();
    await expect(reply.textContent()).resolves.toContain('结果由 10699000 短信发送给您');
    await expect(reply.locator('a.reply-link').getAttribute('href')).resolves.toBe(
      `${service.baseUrl}/#/pages/occ/index`,
    );
    await expect(page.locator('.msg.me .bubble').textContent()).resolves.toBe('一证通查');
    await shot('03-reply');

    // The menu: 政务服务 opens its sub-buttons; 一证通查 opens the H5 app on the One Card Check page.
    await page.locator('#to-menu').click();
    await page.locator('.menu', { hasText: '政务服务' }).click();
    await expect(page.locator('#popup button').allTextContents()).resolves.toEqual(['一证通查', '使用说明']);
    await shot('04-menu');
    // A tap outside the open sub-menu closes it, as in WeChat.
    await page
      .locator('.chat, main, body')
      .first()
      .click({ position: { x: 20, y: 120 } });
    await expect(page.locator('#popup').isHidden()).resolves.toBe(true);
    await page.locator('.menu', { hasText: '政务服务' }).click();
    await page.locator('#popup button', { hasText: '一证通查' }).click();
    await el('entry-internet').waitFor();
    expect(page.url()).toBe(`${service.baseUrl}/#/pages/occ/index`);
    await shot('05-one-card-check');

    // And a query from there: the code from the outbox, the result SMS in the outbox.
    await el('entry-internet').click();
    await el('input-phone').waitFor();
    await typeInto('input-phone', PHONE);
    await typeInto('input-idSuffix', '01234X');
    await el('get-code').click();
    await expect.poll(async () => (await outbox()).length, { timeout: TIMEOUT }).toBeGreaterThan(0);
    const code = (await outbox()).at(-1)?.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
    expect(code, 'verification code in the outbox').toMatch(/^\d{6}$/);
    await typeInto('input-code', code ?? '');
    // The consents as a keyboard ticks them (Space on the focused checkbox), as the h5 journey does.
    await el('consent-privacy').focus();
    await page.keyboard.press('Space');
    await el('consent-sensitive').focus();
    await page.keyboard.press('Space');
    await expect(el('consent-sensitive').getAttribute('aria-checked')).resolves.toBe('true');
    await shot('06-query-ready');
    await el('submit').click();
    await page.waitForURL(/#\/pages\/submitted\/index/);
    // The result SMS: the last message to the number, from the service port, with the companies' counts.
    await expect.poll(async () => (await outbox()).at(-1)?.text ?? '', { timeout: 90_000 }).toContain('腾讯');
    expect((await outbox()).at(-1)?.from).toBe('10699000');
    await shot('07-query-complete');
  });
});
