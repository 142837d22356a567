import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enabledCompanies } from '@occ/shared';
import { RemovalPolicy } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEV_SUBSCRIBERS_FILE,
  devSubscribers,
  STAGES,
  type StageName,
  stageFromContext,
} from '../src/stages.ts';

const STAGE_NAMES = Object.keys(STAGES) as StageName[];

describe('stageFromContext', () => {
  it('defaults to dev and picks a stage by name', () => {
    expect(stageFromContext(undefined).stage).toBe('dev');
    expect(stageFromContext('prod').stage).toBe('prod');
  });

  it('refuses an unknown stage and names the choices', () => {
    expect(() => stageFromContext('qa')).toThrow('unknown stage "qa": use one of dev, prod');
  });
});

describe.each(STAGE_NAMES)('stage %s', (name) => {
  const config = STAGES[name];

  it('has a partner entry, with a secret of its own, for every enabled company', () => {
    expect(config.partners.map((partner) => partner.companyId).sort()).toEqual(
      enabledCompanies()
        .map((company) => company.id)
        .sort(),
    );
    for (const partner of config.partners) {
      expect(partner.secretName).toBe(`occ/${name}/partners/${partner.companyId}`);
      expect(partner.endpoint).toMatch(/^(https:\/\/|simulated$)/);
    }
  });

  it('names every secret under its own stage, each once', () => {
    const names = [
      ...Object.values(config.secretNames),
      config.carrier.secretName,
      ...config.partners.map((partner) => partner.secretName),
    ];
    expect(new Set(names).size).toBe(names.length);
    for (const secretName of names) expect(secretName.startsWith(`occ/${name}/`)).toBe(true);
  });

  it('sends SMS from the service port within a spend limit, or to the outbox in the sandbox only', () => {
    if (config.sms.gateway === 'outbox') {
      expect(name).toBe('sandbox');
      return;
    }
    if (config.sms.gateway === 'aliyun') {
      // The domestic gateway sends from the registered signature's port; each template registered.
      expect(config.sms.signName).toBe('一证通查');
      expect(Object.keys(config.sms.templates).sort()).toEqual([
        'code',
        'partial',
        'result',
        'unanswered',
        'unsuccessful',
      ]);
      return;
    }
    expect(config.sms.senderId).toBe('10699000');
    expect(config.sms.monthlySpendLimitUsd).toBeGreaterThan(0);
  });

  it('publishes no WeChat menu on deploy: that needs a whitelisted fixed address and the real secret', () => {
    expect(config.officialAccount.publishMenu).toBe(false);
  });

  it('keeps the consumer concurrency within what an SQS event source allows', () => {
    expect(config.queue.consumerConcurrency).toBeGreaterThanOrEqual(2);
    expect(config.queue.consumerConcurrency).toBeLessThanOrEqual(1000);
  });
});

describe('accounts', () => {
  it('pins every stage to an account of its own', () => {
    const accounts = STAGE_NAMES.map((name) => STAGES[name].account);
    for (const account of accounts) expect(account).toMatch(/^\d{12}$/);
    expect(new Set(accounts).size).toBe(accounts.length);
  });
});

describe('prod', () => {
  it('keeps data: retained resources (except on a failed create), deletion protection, longer logs than dev', () => {
    expect(STAGES.prod.removalPolicy).toBe(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    expect(STAGES.prod.deletionProtection).toBe(true);
    expect(STAGES.dev.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(STAGES.prod.logRetention).toBeGreaterThan(STAGES.dev.logRetention);
  });
});

describe("dev's subscribers, kept out of git", () => {
  const dir = mkdtempSync(join(tmpdir(), 'occ-dev-subscribers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('are read from a file that git ignores, and are none without it', () => {
    const ignored = execFileSync('git', ['check-ignore', DEV_SUBSCRIBERS_FILE], {
      cwd: join(import.meta.dirname, '..'),
      encoding: 'utf8',
    });
    expect(ignored.trim()).not.toBe('');
    expect(devSubscribers(join(dir, 'absent.json'))).toEqual([]);
  });

  it('lists the numbers the file gives', () => {
    const listed = [{ phone: '13912345678', idSuffix: '12345X', inService: true }];
    expect(devSubscribers(file('ok.json', JSON.stringify(listed)))).toEqual(listed);
  });

  it.each([
    ['not JSON', '[{'],
    ['not a list', '{}'],
    ['a short number', '[{"phone":"1391234567","idSuffix":"12345X","inService":true}]'],
    ['a lower-case x', '[{"phone":"13912345678","idSuffix":"12345x","inService":true}]'],
    ['no inService', '[{"phone":"13912345678","idSuffix":"123456"}]'],
  ])('fails the synth on %s, naming the file', (name, content) => {
    const path = file(`${name.replaceAll(' ', '-')}.json`, content);
    expect(() => devSubscribers(path)).toThrow(path);
  });
});
