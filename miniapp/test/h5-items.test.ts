import { readFileSync } from 'node:fs';
import { DEMO_SCENARIO_FILE, type RunningService, type Scenario } from '@occ/local';
import { errorMessage } from '@occ/shared';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, screenshotPath } from './support/browser';
import { fullScreenshot, latestCode, newPhone, startH5Service, typeInto, visible } from './support/h5-page';

/**
 * Each case of issue 11 ("the journey an elderly citizen lives") reproduced on the h5 build in
 * Chromium against the real embedded default: the case as a person meets it, then what they see.
 * Every test has its own browser context (its own device and session) and its own numbers, so the
 * per-number and per-session limits of one case do not reach another.
 */

const missing = chromiumMissing();
const TIMEOUT = 30_000;
const ID_SUFFIX = '01234X';

/** The demo world, with numbers of its own for each case. */
function scenario(): Scenario {
  const demo = JSON.parse(readFileSync(DEMO_SCENARIO_FILE, 'utf8')) as Scenario;
  const numbers = Array.from({ length: 30 }, (_, i) => ({
    phone: `1360000${2000 + i}`,
    idSuffix: ID_SUFFIX,
    inService: true,
  }));
  // Each of them has one account at Tencent and two at Douyin.
  const withAccounts = (companyId: string, count: number) => {
    const company = demo.companies[companyId] ?? {};
    const accounts = {
      ...company.accounts,
      ...Object.fromEntries(numbers.map(({ phone }) => [phone, count])),
    };
    return { ...company, accounts };
  };
  return {
    ...demo,
    subscribers: [...demo.subscribers, ...numbers],
    companies: { ...demo.companies, tencent: withAccounts('tencent', 1), douyin: withAccounts('douyin', 2) },
  };
}
let nextNumber = 0;
const freshNumber = () => `1360000${2000 + nextNumber++}`;

let service: RunningService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const sent: Request[] = [];

const el = (id: string) => visible(page, id);
const sentTo = (method: string, path: string) =>
  sent.filter((request) => request.method() === method && new URL(request.url()).pathname === path);

/** Loads the app afresh at a page (Taro's router would otherwise keep earlier pages stacked). */
async function openAt(pathAndQuery: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${service.baseUrl}/#${pathAndQuery}`);
}

async function openQueryForm(options: { largeType?: boolean; english?: boolean } = {}): Promise<void> {
  await openAt('/pages/query/index');
  await el('input-phone').waitFor();
  if (options.largeType) {
    await el('toggle-large-type').click();
    await page.locator('.page--large >> visible=true').first().waitFor();
  }
  if (options.english) {
    await el('toggle-locale').click();
    await expect(el('submit').textContent()).resolves.toBe('Submit query');
  }
}

/** Asks for a code in the open form and reads it from the outbox. */
async function requestCodeIn(phone: string): Promise<string> {
  await typeInto(page, 'input-phone', phone);
  await el('get-code').click();
  await el('code-status').waitFor();
  return latestCode(service.baseUrl, phone);
}

/** Whether the element's box lies wholly inside the 375 × 812 screen. */
async function insideViewport(id: string): Promise<boolean> {
  const box = await el(id).boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  // A pixel of rounding either way is still on screen.
  return (
    box.y >= -1 && box.x >= -1 && box.y + box.height <= size.height + 1 && box.x + box.width <= size.width + 1
  );
}

const apiPost = (route: string, body: unknown, token?: string) =>
  fetch(`${service.baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/** Has the service send a verification code to the number, as another visitor would. */
async function sendCodeByApi(phone: string): Promise<string> {
  const { token } = (await (await apiPost('/v1/sessions', { platform: 'h5' })).json()) as { token: string };
  expect((await apiPost('/v1/verification-codes', { phone }, token)).status).toBe(202);
  return token;
}

/** Accepts a query for the number through the API, as an earlier visit would have. */
async function acceptQueryByApi(phone: string): Promise<void> {
  const token = await sendCodeByApi(phone);
  const code = await latestCode(service.baseUrl, phone);
  expect((await apiPost('/v1/queries', { phone, idSuffix: ID_SUFFIX, code }, token)).status).toBe(202);
}

/** Fills and submits the whole form in the browser, reading the code from the outbox. */
async function submitInBrowser(phone: string, idSuffix: string): Promise<void> {
  await openQueryForm();
  const code = await requestCodeIn(phone);
  await typeInto(page, 'input-idSuffix', idSuffix);
  await typeInto(page, 'input-code', code);
  await el('consent-privacy').click();
  await el('consent-sensitive').click();
  await el('submit').click();
  await el('result-notice').waitFor();
}

/** The text a person sees on the page in front, without the switch that names the other language. */
async function visibleText(): Promise<string> {
  const text = await page.locator('.taro_page >> visible=true').first().textContent();
  return (text ?? '').replace('中文', '');
}

describe('issue 11, case by case, in Chromium on the h5 build', () => {
  beforeAll(async () => {
    if (missing) return;
    service = await startH5Service(scenario());
    browser = await launchChromium();
  });

  beforeEach(async () => {
    if (missing) return;
    context = await newPhone(browser, service.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    sent.length = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/')) sent.push(request);
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('1: shows the answer to 获取验证码 inside the screen, in large type, for a cooldown and for a lost network', async (ctx) => {
    if (missing) return ctx.skip(missing);
    const queried = freshNumber();
    await acceptQueryByApi(queried);
    await openQueryForm({ largeType: true });
    await typeInto(page, 'input-phone', queried);
    await el('get-code').click();
    await el('code-status-text').waitFor();
    await expect(el('code-status-text').textContent()).resolves.toContain('该号码24小时内已查询过');
    await expect(el('code-status').getAttribute('role')).resolves.toBe('alert');
    expect(await insideViewport('code-status'), 'the cooldown message is on screen').toBe(true);

    await page.route('**/v1/verification-codes', (route) => route.abort('internetdisconnected'));
    await typeInto(page, 'input-phone', freshNumber());
    await el('get-code').click();
    await el('code-status-retry').waitFor();
    await expect(el('code-status-text').textContent()).resolves.toBe(
      '网络连接不畅，请检查网络后点击“重试”。',
    );
    expect(await insideViewport('code-status'), 'the network message is on screen').toBe(true);
    expect(
      sentTo('POST', '/v1/verification-codes'),
      'a code request without an answer is sent once',
    ).toHaveLength(2);
  });

  it('2: sends nothing when the counting-down button is tapped', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openQueryForm();
    await requestCodeIn(freshNumber());
    await expect(el('get-code').textContent()).resolves.toMatch(/^\d+秒后可重新获取$/);
    await expect(el('get-code').getAttribute('aria-disabled')).resolves.toBe('true');
    await el('get-code').click({ force: true });
    await el('get-code').click({ force: true });
    await page.waitForTimeout(300); // a request, if one were sent, would show within this time
    expect(sentTo('POST', '/v1/verification-codes')).toHaveLength(1);
    await expect(el('code-status').textContent()).resolves.toMatch(
      /^验证码已发送到136\*\*\*\*\d{4}，请在(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}前填写。$/,
    );
    await expect(page.locator('[role=alert] >> visible=true').count()).resolves.toBe(0);
  });

  it('3: after five wrong codes says the code is void once, and the button waits as the service says', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openQueryForm();
    const phone = freshNumber();
    const code = await requestCodeIn(phone);
    await typeInto(page, 'input-idSuffix', ID_SUFFIX);
    await el('consent-privacy').click();
    await el('consent-sensitive').click();
    const wrong = code === '000000' ? '111111' : '000000';
    await typeInto(page, 'input-code', wrong);
    for (let left = 4; left >= 1; left--) {
      await el('submit').click();
      await expect
        .poll(() => el('error-code').textContent())
        .toBe(errorMessage('CODE_INCORRECT', 'zh-CN', { attemptsLeft: left }));
    }
    const fifth = page.waitForResponse((response) => response.url().endsWith('/v1/queries'));
    await el('submit').click();
    const retryAfter = Number((await fifth).headers()['retry-after']);
    await expect
      .poll(() => el('error-code').textContent())
      .toBe('验证码错误次数过多，已失效。请稍后重新获取验证码。');
    expect(sentTo('POST', '/v1/queries'), 'each wrong code is sent once').toHaveLength(5);
    await expect(el('code-status').count(), 'no "sent, enter it before" beside "void"').resolves.toBe(0);
    const waiting = Number((await el('get-code').textContent())?.match(/^(\d+)秒后可重新获取$/)?.[1]);
    expect(waiting).toBeGreaterThan(0);
    expect(Math.abs(waiting - retryAfter)).toBeLessThanOrEqual(1);
    await page.waitForTimeout(1500); // the button must still be waiting a second and a half later
    await expect(el('get-code').getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(el('get-code').textContent()).resolves.toMatch(/^\d+秒后可重新获取$/);
  });

  it('5: the result page says what happened: completed, rejected, unknown', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await submitInBrowser('13800138000', ID_SUFFIX);
    await expect(el('page-title').textContent()).resolves.toBe('查询已提交');
    await el('total-count').waitFor({ timeout: 90_000 });
    await expect(el('page-title').textContent()).resolves.toBe('查询完成');
    const notice = (await el('result-notice').textContent()) ?? '';
    expect(notice).toMatch(
      /^查询结果已于(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}由10699000以短信发送到138\*{4}8000，请查收。$/,
    );
    await expect(el('progress-tencent').getAttribute('class')).resolves.toContain('result-row--found');
    await expect(el('progress-baidu').textContent()).resolves.toBe('百度无绑定账号');
    await expect(el('go-unbind').getAttribute('class')).resolves.toContain('btn--primary');
    await el('progress-douyin').click();
    await el('company-douyin').waitFor();
    await expect(el('company-douyin').getAttribute('class')).resolves.toContain('card--chosen');
    await expect.poll(() => insideViewport('company-douyin')).toBe(true);

    await submitInBrowser('13900139000', ID_SUFFIX);
    await expect.poll(() => el('page-title').textContent(), { timeout: 30_000 }).toBe('未通过核验');
    const rejected = (await el('result-notice').textContent()) ?? '';
    expect(rejected).toContain('请核对身份证号码后六位');
    expect(rejected).toMatch(/\d{2}:\d{2}以后可以重新查询。$/);
    await expect(el('go-unbind').count()).resolves.toBe(0);
    await fullScreenshot(page, screenshotPath('12-result-rejected-normal-zh'));

    await openAt(`/pages/submitted/index?id=${crypto.randomUUID()}`);
    await expect.poll(() => el('page-title').textContent()).toBe('没有找到这次查询');
    expect(await visibleText()).not.toContain('查询已提交');
    await fullScreenshot(page, screenshotPath('13-result-not-found-normal-zh'));
  });

  it('7: English shows ASCII punctuation and English app names on every page a query passes', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openQueryForm({ english: true });
    await typeInto(page, 'input-phone', '12');
    await el('error-phone').waitFor();
    expect(await visibleText()).toMatch(/^[\x20-\x7e\s✓]+$/);
    await openAt('/pages/unbind/index');
    await expect(el('company-tencent').textContent()).resolves.toContain('Apps: WeChat, QQ');
    const unbind = await visibleText();
    expect(unbind).toMatch(/^[\x20-\x7e\s]+$/);
    expect(unbind).not.toContain('：');
    await openAt(`/pages/submitted/index?id=${crypto.randomUUID()}`);
    await expect.poll(() => el('page-title').textContent()).toBe('Query not found');
    expect(await visibleText()).toMatch(/^[\x20-\x7e\s]+$/);
  });

  it('6: the copied notice sits below the copy button, and the large-type code row keeps one line', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openAt('/pages/unbind/index');
    await el('copy-tencent').click();
    await el('hotline-copied').waitFor();
    const button = await el('copy-tencent').boundingBox();
    const notice = await el('hotline-copied').boundingBox();
    expect(button && notice && notice.y >= button.y + button.height, 'the notice is below the button').toBe(
      true,
    );

    await openQueryForm({ largeType: true });
    await requestCodeIn(freshNumber());
    const lines = await el('get-code').evaluate((button) => {
      const range = document.createRange();
      range.selectNodeContents(button);
      return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
    });
    expect(lines, 'the countdown is on one line').toBe(1);
    const centred = await el('input-code').evaluate((host) => {
      const outer = host.getBoundingClientRect();
      const inner = (host.querySelector('input') as HTMLInputElement).getBoundingClientRect();
      return Math.abs(outer.top + outer.height / 2 - (inner.top + inner.height / 2));
    });
    expect(centred, 'the code input text is centred in its box').toBeLessThanOrEqual(2);
  });

  it('10: dials a hotline by tel: link with grouped digits, copies it, and jumps from the index', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openAt('/pages/unbind/index');
    await el('dial-baidu').waitFor();
    await expect(el('dial-baidu').getAttribute('href')).resolves.toBe('tel:4009203800');
    await expect(el('dial-baidu').textContent()).resolves.toBe('拨打 400-920-3800');
    await el('copy-baidu').click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('4009203800');
    await el('index-douyin').click();
    await expect.poll(() => insideViewport('company-douyin')).toBe(true);
    const top = (await el('company-douyin').boundingBox())?.y ?? -1;
    expect(top, 'the chosen company starts at the top of the screen').toBeLessThan(100);
  });

  it('8: the cooldown message says when once', async (ctx) => {
    if (missing) return ctx.skip(missing);
    const queried = freshNumber();
    await acceptQueryByApi(queried);
    await openQueryForm();
    await typeInto(page, 'input-phone', queried);
    await el('get-code').click();
    const words = (await el('code-status-text').textContent()) ?? '';
    expect(words).toMatch(
      /^该号码24小时内已查询过，结果会由10699000发短信到这个号码，请查看短信。(\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}以后可以再次查询。$/,
    );
    expect(words.match(/\d{2}:\d{2}/g)).toHaveLength(1);
    expect(words).not.toContain('小时后');
  });

  it('9: shows the tidy number once the field is left, and asks for an empty one', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openQueryForm();
    const phoneInput = el('input-phone').locator('input');
    for (const typed of ['+86 13800138000', '１３８ ００１３ ８０００', '+86 (138) 0013-8000']) {
      await typeInto(page, 'input-phone', typed);
      await expect(phoneInput.inputValue()).resolves.toBe('13800138000');
    }
    await typeInto(page, 'input-idSuffix', '０１２３４x');
    await expect(el('input-idSuffix').locator('input').inputValue()).resolves.toBe('01234X');
    await typeInto(page, 'input-phone', '');
    await el('get-code').click();
    await expect(el('error-phone').textContent()).resolves.toBe('请输入手机号码。');
    expect(sentTo('POST', '/v1/verification-codes')).toHaveLength(0);
  });

  it('a tap that leaves a wrong field lands where it was aimed, and the problem of the field shows after it', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openQueryForm();
    await el('input-idSuffix').locator('input').fill('1234');
    // A mouse press blurs the field before its release: the problem must not move the box away.
    await el('consent-privacy').click();
    await expect.poll(() => el('consent-privacy').getAttribute('aria-checked')).toBe('true');
    await expect
      .poll(() => el('error-idSuffix').textContent())
      .toBe(errorMessage('INVALID_ID_SUFFIX', 'zh-CN'));
    await el('consent-sensitive').click();
    await expect.poll(() => el('consent-sensitive').getAttribute('aria-checked')).toBe('true');
  });

  it('15: a wrong code is sent once and shows its words (the h5 request shape)', async (ctx) => {
    if (missing) return ctx.skip(missing);
    await openQueryForm();
    const code = await requestCodeIn(freshNumber());
    await typeInto(page, 'input-idSuffix', ID_SUFFIX);
    await typeInto(page, 'input-code', code === '999999' ? '888888' : '999999');
    await el('consent-privacy').click();
    await el('consent-sensitive').click();
    await el('submit').click();
    await expect
      .poll(() => el('error-code').textContent())
      .toBe(errorMessage('CODE_INCORRECT', 'zh-CN', { attemptsLeft: 4 }));
    expect(sentTo('POST', '/v1/queries')).toHaveLength(1);
  });

  it('12: the outbox page shows local times on one line, and takes new messages in without jumping to the top', async (ctx) => {
    if (missing) return ctx.skip(missing);
    for (let i = 0; i < 6; i++) await sendCodeByApi(freshNumber());
    const shanghai = await browser.newContext({
      viewport: { width: 375, height: 812 },
      timezoneId: 'Asia/Shanghai',
    });
    try {
      const outboxPage = await shanghai.newPage();
      await outboxPage.goto(`${service.baseUrl}/_local/outbox.html`);
      const times = await outboxPage.locator('time').evaluateAll((elements) =>
        elements.map((element) => ({
          iso: element.getAttribute('datetime') ?? '',
          shown: element.textContent ?? '',
          lines: element.getClientRects().length,
        })),
      );
      expect(times.length).toBeGreaterThanOrEqual(6);
      for (const time of times) {
        expect(time.lines, `${time.shown} on one line`).toBe(1);
        expect(time.shown).toBe(new Date(time.iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }));
      }
      await outboxPage.evaluate(() => {
        (window as unknown as { stayed: boolean }).stayed = true;
        window.scrollTo(0, 600);
      });
      // The element itself, not "the fourth message", which a new message would make another one.
      const reading = await outboxPage.locator('.sms').nth(3).elementHandle();
      if (!reading) throw new Error('fewer than four messages on the page');
      const before = (await reading.boundingBox())?.y ?? Number.NaN;
      const shown = Number(await outboxPage.locator('#count').textContent());
      await sendCodeByApi(freshNumber());
      await expect
        .poll(() => outboxPage.locator('#count').textContent(), { timeout: 15_000 })
        .toBe(String(shown + 1));
      expect(
        await outboxPage.evaluate(() => (window as unknown as { stayed?: boolean }).stayed),
        'no reload',
      ).toBe(true);
      expect(await outboxPage.evaluate(() => window.scrollY), 'not back at the top').toBeGreaterThan(0);
      const after = (await reading.boundingBox())?.y ?? Number.NaN;
      expect(Math.abs(after - before), 'the message being read stays where it was').toBeLessThanOrEqual(2);
      await outboxPage.evaluate(() => window.scrollTo(0, 0));
      await outboxPage.screenshot({ path: screenshotPath('14-outbox'), fullPage: true });
    } finally {
      await shanghai.close();
    }
  });

  // Last: it moves the service clock for everything that follows.
  it('4: three hours later My queries and the result still show the query and its counts, and nothing asks to submit again', async (ctx) => {
    if (missing) return ctx.skip(missing);
    const phone = freshNumber();
    await submitInBrowser(phone, ID_SUFFIX);
    await el('total-count').waitFor({ timeout: 90_000 });
    const [firstSession] = sentTo('POST', '/v1/sessions').map((request) =>
      JSON.parse(request.postData() ?? '{}'),
    );
    expect(firstSession).toEqual({ platform: 'h5', device: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const moved = await fetch(`${service.baseUrl}/_local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 3 * 3600 }),
    });
    expect(moved.status).toBe(200);

    // The token in hand has expired on the service clock: the next call is refused, renewed, sent again.
    sent.length = 0;
    await el('go-home').click();
    await el('entry-my-queries').click();
    const entry = page.locator('[id^="query-"] >> visible=true').first();
    await expect.poll(() => entry.textContent(), { timeout: 30_000 }).toContain('合计：3个账号');
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}  查询完成`);
    expect(text).toContain('有绑定账号的企业：腾讯1个、抖音2个');
    const listed = await Promise.all(
      sentTo('GET', '/v1/queries').map(async (request) => (await request.response())?.status()),
    );
    expect(listed).toEqual([401, 200]);
    const renewed = sentTo('POST', '/v1/sessions').map((request) => JSON.parse(request.postData() ?? '{}'));
    expect(renewed, 'one silent renewal, as the same device').toEqual([firstSession]);
    expect(await visibleText()).not.toMatch(/重新提交|新的查询|开始查询/);

    await entry.click();
    await expect.poll(() => el('page-title').textContent()).toBe('查询完成');
    await expect(el('total-count').textContent()).resolves.toBe('合计：3个账号');
    expect(await visibleText()).not.toMatch(/重新提交|新的查询|没有找到/);

    // A browser opened later (a new page load) is the same device too.
    await page.reload();
    await expect.poll(() => el('page-title').textContent()).toBe('查询完成');
  });
});
