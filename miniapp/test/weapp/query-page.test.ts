// @vitest-environment jsdom
import { errorMessage } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { ACCEPTED, apiError } from '../support/fake-api';
import { openPage, type PageDriver, waitFor } from '../support/weapp-harness';
import { callsOf, prepareSimulator } from './setup';

const sim = prepareSimulator();

async function openForm(): Promise<PageDriver> {
  const page = sim.track(openPage('pages/query/index'));
  await waitFor(() => page.has('input-phone'));
  return page;
}

/** Fills the three fields and ticks both consents, as a person ready to submit would. */
async function fillReadyForm(page: PageDriver): Promise<void> {
  await page.type('input-phone', '138 0013 8000');
  await page.type('input-idSuffix', '01234x');
  await page.type('input-code', '123456');
  await page.tap('consent-privacy');
  await page.tap('consent-sensitive');
  await waitFor(() => page.text('consent-sensitive').startsWith('✓'));
}

function requestsTo(path: string) {
  return sim.harness.requests.filter((request) => request.url.endsWith(path));
}

describe('query page in the compiled weapp', () => {
  it.each([
    ['input-phone', 'error-phone', '1380013', 'INVALID_PHONE', '13800138000'],
    ['input-idSuffix', 'error-idSuffix', '32123X', 'INVALID_ID_SUFFIX', '01234x'],
    ['input-code', 'error-code', '12a45', 'INVALID_CODE', '654321'],
  ] as const)(
    'validates %s on blur with the shared message and clears it once right',
    async (input, error, bad, code, good) => {
      const page = await openForm();
      await page.type(input, bad);
      await page.blur(input);
      await waitFor(() => page.has(error));
      expect(page.text(error)).toBe(errorMessage(code, 'zh-CN'));
      expect(page.attribute(input, 'cl')).toBe('field__input field__input--invalid');
      await page.type(input, good);
      await waitFor(() => !page.has(error));
    },
  );

  it('asks for a valid number before it requests a code', async () => {
    const page = await openForm();
    await page.type('input-phone', '1380013');
    await page.tap('get-code');
    await waitFor(() => page.has('error-phone'));
    expect(page.text('error-phone')).toBe(errorMessage('INVALID_PHONE', 'zh-CN'));
    expect(sim.harness.requests).toHaveLength(0);
  });

  it('requests the code for the normalized number and counts down 60 seconds before another', async () => {
    const page = await openForm();
    await page.type('input-phone', '+86 138-0013-8000');
    await page.tap('get-code');
    await waitFor(() => page.text('get-code') === '60秒后可重新获取');
    const [code] = requestsTo('/v1/verification-codes');
    expect(code?.data).toEqual({ phone: '13800138000' });
    expect(code?.header.authorization).toMatch(/^Bearer /);
    expect(code?.header['x-request-id']).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    expect(page.text('code-status')).toContain('138****8000');
    await waitFor(() => page.text('get-code') === '59秒后可重新获取', 3000);
    await page.tap('get-code');
    expect(requestsTo('/v1/verification-codes')).toHaveLength(1);
  });

  it('sends one code request for two quick taps, and none while the button counts down', async () => {
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    await page.tap('get-code');
    await page.tap('get-code');
    await waitFor(() => page.text('get-code') === '60秒后可重新获取');
    await page.tap('get-code');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestsTo('/v1/verification-codes')).toHaveLength(1);
    expect(page.has('code-status-text')).toBe(false);
  });

  it('after the fifth wrong code takes the "sent" notice away and follows Retry-After on the button', async () => {
    const page = await openForm();
    await fillReadyForm(page);
    await page.tap('get-code');
    await waitFor(() => page.has('code-status'));
    sim.api().queue('submit', apiError('CODE_ATTEMPTS_EXCEEDED', { attemptsLeft: 0, retryAfterSeconds: 54 }));
    await page.tap('submit');
    await waitFor(() => page.has('error-code'));
    expect(page.has('code-status')).toBe(false);
    expect(page.text('error-code')).toBe('验证码错误次数过多，已失效。请稍后重新获取验证码。');
    expect(page.text('get-code')).toBe('54秒后可重新获取');
    await waitFor(() => page.text('get-code') === '53秒后可重新获取', 3000);
    await page.tap('get-code');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestsTo('/v1/verification-codes')).toHaveLength(1);
    expect(page.text()).not.toContain('有效');
  });

  it('requires both consents before it submits', async () => {
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    await page.type('input-idSuffix', '01234X');
    await page.type('input-code', '123456');
    await page.tap('consent-privacy');
    await page.tap('submit');
    await waitFor(() => page.has('error-consent'));
    expect(page.text('error-consent')).toBe('请先勾选两项同意，再提交查询。');
    expect(requestsTo('/v1/queries')).toHaveLength(0);
    await page.tap('consent-sensitive');
    await waitFor(() => !page.has('error-consent'));
  });

  it('submits the normalized fields and goes to the submitted page', async () => {
    const page = await openForm();
    await fillReadyForm(page);
    await page.tap('submit');
    await waitFor(() => callsOf(sim.harness, 'redirectTo').length === 1);
    expect(requestsTo('/v1/queries')[0]?.data).toEqual({
      phone: '13800138000',
      idSuffix: '01234X',
      code: '123456',
    });
    expect(callsOf(sim.harness, 'redirectTo')[0]?.url).toContain(
      `/pages/submitted/index?id=${ACCEPTED.queryId}`,
    );
    expect(sim.harness.storage.get('occ.lastQuery')).toEqual(ACCEPTED);
  });

  it.each([
    ['NUMBER_NOT_IN_SERVICE', 'code', 'error-phone', {}, errorMessage('NUMBER_NOT_IN_SERVICE', 'zh-CN')],
    [
      'TOO_MANY_REQUESTS',
      'code',
      'code-status-text',
      { retryAfterSeconds: 3600 },
      '获取验证码太频繁了。如果已经收到验证码，请直接填写；也可以等按钮上的倒计时结束后再获取。',
    ],
    [
      'QUERY_COOLDOWN',
      'code',
      'code-status-text',
      { retryAfterSeconds: 7200 },
      /^该号码24小时内已查询过，结果会由10699000发短信到这个号码，请查看短信。(\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}以后可以再次查询。$/,
    ],
    ['CODE_INCORRECT', 'submit', 'error-code', { attemptsLeft: 3 }, /还可以再试3次。$/],
    ['CODE_EXPIRED', 'submit', 'error-code', {}, errorMessage('CODE_EXPIRED', 'zh-CN')],
    [
      'CODE_ATTEMPTS_EXCEEDED',
      'submit',
      'error-code',
      { attemptsLeft: 0, retryAfterSeconds: 40 },
      '验证码错误次数过多，已失效。请稍后重新获取验证码。',
    ],
    ['QUERY_COOLDOWN', 'submit', 'banner-text', { retryAfterSeconds: 86_000 }, /以后可以再次查询。$/],
    ['LOGIN_FAILED', 'session', 'code-status-text', {}, errorMessage('LOGIN_FAILED', 'zh-CN')],
  ] as const)(
    'shows %s from the %s call in words where the tap was, and brings it into view',
    async (errorCode, route, where, details, words) => {
      if (route === 'session') {
        // The session of an earlier test is still live: let it expire, then fail the new sign-in.
        sim.api().queue('code', apiError('UNAUTHORIZED'));
        sim.api().queue('session', apiError(errorCode, details));
      } else {
        sim.api().queue(route, apiError(errorCode, details));
      }
      const page = await openForm();
      await fillReadyForm(page);
      await page.tap(route === 'submit' ? 'submit' : 'get-code');
      await waitFor(() => page.has(where));
      if (typeof words === 'string') expect(page.text(where)).toBe(words);
      else expect(page.text(where)).toMatch(words);
      const box = where.replace(/-text$/, '');
      await waitFor(() => callsOf(sim.harness, 'pageScrollTo').some((call) => call.selector === `#${box}`));
      expect(callsOf(sim.harness, 'redirectTo')).toHaveLength(0);
    },
  );

  it('offers the queries instead of a new one for a number queried in the last 24 hours', async () => {
    sim.api().queue('code', apiError('QUERY_COOLDOWN', { retryAfterSeconds: 7200 }));
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    await page.tap('get-code');
    await waitFor(() => page.has('code-status-my-queries'));
    await page.tap('code-status-my-queries');
    await waitFor(() => callsOf(sim.harness, 'navigateTo').length === 1);
    expect(callsOf(sim.harness, 'navigateTo')[0]?.url).toBe('/pages/queries/index');
  });

  it('waits in minutes, not thousands of seconds, after a per-number limit', async () => {
    sim.api().queue('code', apiError('TOO_MANY_REQUESTS', { retryAfterSeconds: 3600 }));
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    await page.tap('get-code');
    await waitFor(() => page.text('get-code') === '60分钟后可重新获取');
    await page.tap('get-code');
    expect(requestsTo('/v1/verification-codes')).toHaveLength(1);
  });

  it('reads a bare 429 from the API gateway as "too many requests, wait a minute"', async () => {
    sim.api().queue('code', { statusCode: 429, data: { message: 'Too Many Requests' } });
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    await page.tap('get-code');
    await waitFor(() => page.has('code-status-text'));
    expect(page.text('code-status-text')).toBe(
      '获取验证码太频繁了。如果已经收到验证码，请直接填写；也可以等按钮上的倒计时结束后再获取。',
    );
    expect(page.text('get-code')).toBe('60秒后可重新获取');
  });

  it('replaces the message of a refused code request with the answer to the submission that follows', async () => {
    sim.api().queue('code', apiError('TOO_MANY_REQUESTS', { retryAfterSeconds: 50 }));
    sim.api().queue('submit', apiError('CODE_INCORRECT', { attemptsLeft: 4 }));
    const page = await openForm();
    await fillReadyForm(page);
    await page.tap('get-code');
    await waitFor(() => page.has('code-status-text'));
    await page.tap('submit');
    await waitFor(() => page.has('error-code'));
    expect(page.text('error-code')).toBe(errorMessage('CODE_INCORRECT', 'zh-CN', { attemptsLeft: 4 }));
    expect(page.has('code-status')).toBe(false);
    expect(page.text('get-code')).toMatch(/秒后可重新获取$/);
  });

  it('puts a field error from the service under its field', async () => {
    sim.api().queue('submit', apiError('INVALID_ID_SUFFIX', { field: 'idSuffix' }));
    const page = await openForm();
    await fillReadyForm(page);
    await page.tap('submit');
    await waitFor(() => page.has('error-idSuffix'));
    expect(page.text('error-idSuffix')).toBe(errorMessage('INVALID_ID_SUFFIX', 'zh-CN'));
    expect(page.has('banner')).toBe(false);
  });

  it('offers a retry when the service is busy, and the retry submits', async () => {
    sim.api().queue('submit', apiError('SERVICE_UNAVAILABLE'));
    const page = await openForm();
    await fillReadyForm(page);
    await page.tap('submit');
    await waitFor(() => page.has('banner-retry'));
    expect(page.text('banner-text')).toBe(errorMessage('SERVICE_UNAVAILABLE', 'zh-CN'));
    await page.tap('banner-retry');
    await waitFor(() => callsOf(sim.harness, 'redirectTo').length === 1);
    expect(requestsTo('/v1/queries')).toHaveLength(2);
  });

  it('says the network is down, sends the code request only once, and again on request', async () => {
    sim.api().queue('code', 'network-error');
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    await page.tap('get-code');
    await waitFor(() => page.has('code-status-retry'));
    expect(page.text('code-status-text')).toBe('网络连接不畅，请检查网络后点击“重试”。');
    expect(requestsTo('/v1/verification-codes')).toHaveLength(1);
    await page.tap('code-status-retry');
    await waitFor(() => page.text('get-code') === '60秒后可重新获取');
    expect(requestsTo('/v1/verification-codes')).toHaveLength(2);
    expect(page.text('code-status')).toMatch(
      /^验证码已发送到138\*\*\*\*8000，请在(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日 )?\d{2}:\d{2}前填写。$/,
    );
  });

  it.each([
    ['input-phone', '+86 138-0013-8000', '13800138000'],
    ['input-phone', '１３８００１３８０００', '13800138000'],
    ['input-idSuffix', '０１２３４ｘ', '01234X'],
    ['input-code', '123 456', '123456'],
  ])('shows %s typed as %j as the tidy %j once left', async (input, typed, tidy) => {
    const page = await openForm();
    await page.type(input, typed);
    await page.blur(input);
    await waitFor(() => page.inputValue(input) === tidy);
    expect(page.text()).not.toContain(errorMessage('INVALID_PHONE', 'zh-CN'));
  });

  it('asks for the number when the field is empty, not for a valid one', async () => {
    const page = await openForm();
    await page.tap('get-code');
    await waitFor(() => page.has('error-phone'));
    expect(page.text('error-phone')).toBe('请输入手机号码。');
    await page.tap('submit');
    await waitFor(() => page.has('error-code'));
    expect(page.text('error-idSuffix')).toBe('请输入身份证号码后六位。');
    expect(page.text('error-code')).toBe('请输入短信验证码。');
    expect(sim.harness.requests).toHaveLength(0);
  });

  it('signs in again with wx.login when the session has expired and carries on', async () => {
    const page = await openForm();
    await page.type('input-phone', '13800138000');
    sim.api().queue('code', apiError('UNAUTHORIZED'));
    await page.tap('get-code');
    await waitFor(() => page.text('get-code') === '60秒后可重新获取');
    expect(requestsTo('/v1/verification-codes')).toHaveLength(2);
    expect(callsOf(sim.harness, 'login')).toHaveLength(1);
    expect(requestsTo('/v1/sessions').map((request) => request.data)).toEqual([
      { platform: 'weapp', code: 'simulated-login-code' },
    ]);
    expect(requestsTo('/v1/verification-codes')[1]?.header.authorization).toBe('Bearer token-1');
  });

  it('shows the messages in English after the language switch', async () => {
    const page = await openForm();
    await page.tap('toggle-locale');
    await waitFor(() => page.text('get-code') === 'Get code');
    await page.type('input-phone', '12');
    await page.blur('input-phone');
    await waitFor(() => page.has('error-phone'));
    expect(page.text('error-phone')).toBe(errorMessage('INVALID_PHONE', 'en'));
  });
});
