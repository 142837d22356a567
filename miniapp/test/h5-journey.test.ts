import type { RunningService } from '@occ/local';
import { enabledCompanies, errorMessage } from '@occ/shared';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AxeViolation,
  chromiumMissing,
  launchChromium,
  screenshotPath,
  seriousViolations,
} from './support/browser';
import {
  fullScreenshot,
  measure as measureOf,
  newPhone,
  outbox as outboxOf,
  settle as settleOf,
  startH5Service,
  typeInto as typeIntoOf,
  visible,
} from './support/h5-page';

/**
 * The whole journey in Chromium on the h5 build, served by the embedded default with its real API,
 * state machine, simulated carrier and companies, and SMS outbox.
 */

const missing = chromiumMissing();
const PHONE = '13800138000';
const TIMEOUT = 30_000;

let service: RunningService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const violations: Record<string, AxeViolation[]> = {};
const overflows: Record<string, number> = {};

const el = (id: string): Locator => visible(page, id);
const outbox = () => outboxOf(service.baseUrl, PHONE);
const settle = () => settleOf(page);
const measure = (dimension: 'height' | 'overflow') => measureOf(page, dimension);

const screenshot = (name: string) => fullScreenshot(page, screenshotPath(name));

/** How far the page in front overflows a 320 px wide screen sideways (0 when it fits). */
async function overflowAt320(): Promise<number> {
  await page.setViewportSize({ width: 320, height: 640 });
  await settle();
  const overflow = await measure('overflow');
  await page.setViewportSize({ width: 375, height: 812 });
  // The root font size follows the width (src/index.html): wait until it is the 375 px one again.
  await page.waitForFunction(() => document.documentElement.style.fontSize === '20px');
  return overflow;
}

/** What the MIIT elderly-friendly rules ask of large type, measured on the page in front. */
interface LargeTypeMeasure {
  smallestTextPx: number;
  smallestText: string;
  smallestLineSpacing: number;
  smallestControl: { id: string; width: number; height: number };
}

const largeType: Record<string, LargeTypeMeasure> = {};

/**
 * The smallest text (px), the tightest line spacing (line-height / font-size) and the smallest
 * control (anything tappable: a button, link or checkbox role, a link, an input box) on the
 * large-type page in front.
 */
function measureLargeType(): Promise<LargeTypeMeasure> {
  return page.evaluate(() => {
    const root = Array.from(document.querySelectorAll<HTMLElement>('.page--large')).find(
      (element) => element.offsetParent !== null,
    );
    if (!root) throw new Error('no large-type page in front');
    const shown = (element: Element) => element.getClientRects().length > 0;
    const result: LargeTypeMeasure = {
      smallestTextPx: Number.POSITIVE_INFINITY,
      smallestText: '',
      smallestLineSpacing: Number.POSITIVE_INFINITY,
      smallestControl: { id: '', width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY },
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || !shown(parent)) continue;
      const style = getComputedStyle(parent);
      const size = Number.parseFloat(style.fontSize);
      if (size < result.smallestTextPx) {
        result.smallestTextPx = size;
        result.smallestText = text.slice(0, 24);
      }
      const lineHeight = Number.parseFloat(style.lineHeight);
      if (Number.isFinite(lineHeight)) {
        result.smallestLineSpacing = Math.min(result.smallestLineSpacing, lineHeight / size);
      }
    }
    const controls = root.querySelectorAll<HTMLElement>(
      '[role=button], [role=link], [role=checkbox], a[href], taro-input-core',
    );
    for (const control of Array.from(controls).filter(shown)) {
      const { width, height } = control.getBoundingClientRect();
      if (Math.min(width, height) < Math.min(result.smallestControl.width, result.smallestControl.height)) {
        result.smallestControl = {
          id: control.id || control.textContent?.slice(0, 24) || '?',
          width,
          height,
        };
      }
    }
    return result;
  });
}

/**
 * Screenshots the page in front in both languages, in normal and large type, and records what axe
 * and a 320 px screen find in each, and the MIIT measures in large type. Leaves it in Chinese,
 * normal type.
 */
async function capture(name: string): Promise<void> {
  await el('page-root').waitFor({ timeout: TIMEOUT });
  for (const locale of ['zh', 'en'] as const) {
    if (locale === 'en') {
      await el('toggle-locale').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    }
    await screenshot(`${name}-normal-${locale}`);
    violations[`${name} normal ${locale}`] = await seriousViolations(page);
    overflows[`${name} normal ${locale}`] = await overflowAt320();
    await el('toggle-large-type').click();
    await page.locator('.page--large >> visible=true').first().waitFor({ timeout: TIMEOUT });
    await screenshot(`${name}-large-${locale}`);
    violations[`${name} large ${locale}`] = await seriousViolations(page);
    largeType[`${name} ${locale}`] = await measureLargeType();
    overflows[`${name} large ${locale}`] = await overflowAt320();
    await el('toggle-large-type').click();
    await page
      .locator('.page--large >> visible=true')
      .first()
      .waitFor({ state: 'detached', timeout: TIMEOUT });
  }
  await el('toggle-locale').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
}

const typeInto = (id: string, value: string) => typeIntoOf(page, id, value);

describe('h5 journey in Chromium', () => {
  beforeAll(async () => {
    if (missing) return;
    service = await startH5Service();
    browser = await launchChromium();
    context = await newPhone(browser, service.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('queries a number from Government Services to the result, then finds how to unbind', async (ctx) => {
    if (missing) return ctx.skip(missing);

    // Government Services → One Card Check → the two services.
    await page.goto(`${service.baseUrl}/`);
    await el('entry-occ').waitFor();
    await capture('01-home');
    await el('entry-occ').click();
    await el('entry-internet').waitFor();
    await capture('02-one-card-check');
    await el('entry-phone-cards').click();
    await el('use-internet').waitFor();
    await capture('03-phone-cards');
    await el('use-internet').click();

    // The query form: validation first, then the code from the outbox.
    await el('input-phone').waitFor();
    await typeInto('input-idSuffix', '32123X');
    await expect(el('error-idSuffix').textContent()).resolves.toBe(
      errorMessage('INVALID_ID_SUFFIX', 'zh-CN'),
    );
    await capture('04-query-invalid');
    await typeInto('input-phone', PHONE);
    await typeInto('input-idSuffix', '01234x');
    await el('error-idSuffix').waitFor({ state: 'detached' });
    await el('get-code').click();
    await el('code-status').waitFor();
    await expect(el('get-code').textContent()).resolves.toMatch(/^(60|59|58)秒后可重新获取$/);
    const codeMessage = (await outbox()).at(-1);
    const code = codeMessage?.text.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
    expect(code, 'verification code in the outbox').toMatch(/^\d{6}$/);
    await typeInto('input-code', code ?? '');
    await el('submit').click();
    await el('error-consent').waitFor();
    // The consents by keyboard: Space on a focused checkbox ticks it.
    await el('consent-privacy').focus();
    await page.keyboard.press('Space');
    await el('consent-sensitive').focus();
    await page.keyboard.press('Enter');
    await expect(el('consent-sensitive').getAttribute('aria-checked')).resolves.toBe('true');
    await capture('05-query-ready');
    await el('submit').click();

    // Submitted: the SMS notice, the masked number, progress until the counts arrive.
    await el('result-notice').waitFor();
    expect(page.url()).toContain('/pages/submitted/index');
    await expect(el('result-notice').textContent()).resolves.toContain('10699000');
    await expect(el('phone-masked').textContent()).resolves.toBe('查询号码：138****8000');
    await capture('06-result-progress');
    await el('total-count').waitFor({ timeout: 90_000 });
    await expect(el('progress-tencent').textContent()).resolves.toBe('腾讯2个账号有绑定账号查看解绑方法 >');
    await expect(el('progress-baidu').textContent()).resolves.toBe('百度无绑定账号');
    await expect(el('total-count').textContent()).resolves.toBe('合计：11个账号');
    await capture('07-result-complete');
    const result = (await outbox()).at(-1);
    expect(result?.from).toBe('10699000');
    expect(result?.text).toContain('腾讯');

    // Unbinding and details: every company, and the hotline copied in a browser.
    await el('go-unbind').click();
    await el('company-meituan').waitFor();
    for (const company of enabledCompanies()) {
      await expect(el(`dial-${company.id}`).getAttribute('href')).resolves.toBe(`tel:${company.hotline}`);
    }
    await expect(el('dial-baidu').textContent()).resolves.toBe('拨打 400-920-3800');
    await el('copy-tencent').click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('95017');
    await expect(el('hotline-copied').textContent()).resolves.toBe('电话号码已复制，可以粘贴到拨号界面。');
    await capture('08-unbind');

    // Back home, and the guide.
    await el('go-home').click();
    await el('entry-guide').click();
    await el('guide-notes').waitFor();
    await capture('09-guide');

    // A cancelled number: the message on the field.
    await el('start-query').click();
    await typeInto('input-phone', '13700137000');
    await el('get-code').click();
    await el('error-phone').waitFor();
    await expect(el('error-phone').textContent()).resolves.toBe(
      errorMessage('NUMBER_NOT_IN_SERVICE', 'zh-CN'),
    );
    // The same number again within 24 hours: when, once, and the way to the query instead.
    await typeInto('input-phone', PHONE);
    await el('get-code').click();
    await el('code-status-text').waitFor();
    await expect(el('code-status-text').textContent()).resolves.toMatch(
      /^该号码24小时内已查询过，结果会由10699000发短信到这个号码，请查看短信。(\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}以后可以再次查询。$/,
    );
    await capture('10-query-cooldown');
    await el('toggle-locale').click();
    await expect(el('submit').textContent()).resolves.toBe('Submit query');
    await el('toggle-locale').click();

    // My queries: the query just made, with its counts.
    await el('code-status-my-queries').click();
    const entry = page.locator('[id^="query-"] >> visible=true').first();
    await expect.poll(() => entry.textContent()).toContain('合计：11个账号');
    await capture('11-my-queries');
  });

  it('meets the MIIT sizes in large type on every page, in both languages', (ctx) => {
    if (missing) return ctx.skip(missing);
    expect(Object.keys(largeType).length).toBeGreaterThanOrEqual(22);
    const short = Object.entries(largeType).filter(
      ([, measured]) =>
        measured.smallestTextPx < 18 ||
        measured.smallestLineSpacing < 1.3 - 0.001 ||
        measured.smallestControl.width < 60 ||
        measured.smallestControl.height < 60,
    );
    expect(short, JSON.stringify(short, null, 2)).toEqual([]);
  });

  it('has no serious or critical axe violation on any page, in normal or large type', (ctx) => {
    if (missing) return ctx.skip(missing);
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(44);
    const found = Object.entries(violations).filter(([, list]) => list.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });

  it('fits a 320 px wide screen without sideways scrolling on any page, in normal or large type', (ctx) => {
    if (missing) return ctx.skip(missing);
    expect(Object.keys(overflows).length).toBeGreaterThanOrEqual(44);
    expect(Object.entries(overflows).filter(([, pixels]) => pixels > 0)).toEqual([]);
  });
});
