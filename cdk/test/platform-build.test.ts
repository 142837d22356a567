import { describe, expect, it } from 'vitest';
import { platformBaseUrlProblem, platformBuildPlan, standInWarning } from '../src/platform-build.ts';
import { STAGES } from '../src/stages.ts';

describe('platformBaseUrlProblem', () => {
  it.each([
    ['http://occ.example.gov.cn', 'is not HTTPS'],
    ['https://203.0.113.7', 'is an IP address'],
    ['https://[2001:db8::1]', 'is an IP address'],
    ['https://localhost:3000', 'is localhost'],
    ['https://api.localhost', 'is localhost'],
    ['https://intranet', 'has no public domain name'],
    ['occ.example', 'is not a URL'],
  ])('refuses %s: it %s', (url, reason) => {
    expect(platformBaseUrlProblem(url)).toContain(reason);
  });

  it('accepts an HTTPS domain', () => {
    expect(platformBaseUrlProblem('https://occ.example.gov.cn')).toBeUndefined();
  });
});

describe('platformBuildPlan', () => {
  it("takes the stage's HTTPS domain and appid", () => {
    expect(platformBuildPlan(STAGES.prod, 'weapp')).toEqual({
      target: 'weapp',
      apiBaseUrl: 'https://occ.example',
      appId: STAGES.prod.login.wechatAppId,
      outputRoot: 'dist/stages/prod/weapp',
    });
  });

  it('refuses a stage without a domain, saying why', () => {
    expect(() => platformBuildPlan(STAGES.dev, 'alipay')).toThrow(/stage dev has no domain/);
  });

  it('refuses a domain that is an IP address, and an appid the platform does not issue', () => {
    const ip = { ...STAGES.prod, domain: { name: '203.0.113.7', certificateArn: 'arn' } };
    const badAppId = { ...STAGES.prod, login: { ...STAGES.prod.login, wechatAppId: 'wx-placeholder' } };
    expect(() => platformBuildPlan(ip, 'weapp')).toThrow('https://203.0.113.7 is an IP address');
    expect(() => platformBuildPlan(badAppId, 'weapp')).toThrow(
      'appid "wx-placeholder" is not one the platform issues',
    );
  });
});

describe('standInWarning', () => {
  it('names the stand-in domain and appid a shipped stage still carries', () => {
    const warning = standInWarning(platformBuildPlan(STAGES.prod, 'weapp'), 'prod');
    expect(warning).toMatch(/^WARNING: stage prod still has stand-ins/);
    expect(warning).toContain('API https://occ.example');
    expect(warning).toContain('appid wx0000000000000000');
  });

  it('stays silent for a real domain and appid', () => {
    const plan = {
      target: 'weapp',
      apiBaseUrl: 'https://occ.gov.cn',
      appId: 'wx1234567890abcdef',
      outputRoot: 'x',
    } as const;
    expect(standInWarning(plan, 'prod')).toBeUndefined();
  });
});
