import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { cdkArgs } from '../src/preflight/cdk-cli.ts';
import {
  type AccountProbe,
  type Finding,
  type FixedNames,
  placeholdersIn,
  preflight,
  REQUIRED_BOOTSTRAP_VERSION,
} from '../src/preflight/checks.ts';
import { fixedNamesOf } from '../src/preflight/fixed-names.ts';
import { STAGES, type StageConfig } from '../src/stages.ts';
import { TABLES } from '../src/tables.ts';
import { synthStage } from './support/synth.ts';

const ACCOUNT = '210987654321';

/** A ready account: bootstrapped, out of the SMS sandbox, enough concurrency, nothing left behind. */
class FakeAccount implements AccountProbe {
  caller = ACCOUNT;
  bootstrap: number | undefined = REQUIRED_BOOTSTRAP_VERSION;
  /** Stack name → CloudFormation status; absent means no stack. */
  stacks = new Map<string, string>();
  /** Stacks whose termination protection is on. */
  protectedStacks = new Set<string>();
  existing = new Set<string>();
  sms = { inSandbox: false, monthlySpendLimitUsd: 10_000 };
  concurrency = 5_000;
  generated: string[] = [];
  absent: string[] = [];
  outsideStack: string[] = [];
  async callerAccount() {
    return this.caller;
  }
  async bootstrapVersion() {
    return this.bootstrap;
  }
  async stack(stackName: string) {
    const status = this.stacks.get(stackName);
    return status === undefined
      ? undefined
      : { status, terminationProtection: this.protectedStacks.has(stackName) };
  }
  /** As the AWS probe answers: `kind name`. */
  async takenNames(names: FixedNames) {
    const kinds: [string, string[]][] = [
      ['table', names.tables],
      ['secret', names.secrets],
      ['queue', names.queues],
      ['key alias', names.aliases],
      ['log group', names.logGroups],
    ];
    return kinds.flatMap(([kind, list]) =>
      list.filter((name) => this.existing.has(name)).map((name) => `${kind} ${name}`),
    );
  }
  async smsAccount() {
    return this.sms;
  }
  async lambdaConcurrency() {
    return this.concurrency;
  }
  async exchangedSecrets(_stackName: string, secretNames: string[]) {
    return {
      generated: secretNames.filter((name) => this.generated.includes(name)),
      absent: secretNames.filter((name) => this.absent.includes(name)),
      outsideStack: secretNames.filter((name) => this.outsideStack.includes(name)),
    };
  }
  /** Both stacks of prod deployed, as after a first deploy that went through. */
  deployed() {
    this.stacks.set('OccProd-Stateful', 'UPDATE_COMPLETE');
    this.stacks.set('OccProd-Stateless', 'UPDATE_COMPLETE');
    return this;
  }
}

/** A stage as a maintainer fills it in: its own account and no stand-in left. */
function filledIn(config: StageConfig): StageConfig {
  const text = JSON.stringify({ ...config, account: ACCOUNT, alarmEmails: ['oncall@occ.gov.cn'] })
    .replaceAll('.example', '.gov.cn')
    .replaceAll(/0{12,}/g, '123456789012')
    .replaceAll('placeholder', 'wx1234');
  return { ...(JSON.parse(text) as StageConfig), removalPolicy: config.removalPolicy };
}

const { stateful, statefulTemplate } = synthStage('prod');
const fixedNames = fixedNamesOf(statefulTemplate.toJSON());
const run = (config: StageConfig, account: FakeAccount) =>
  preflight(
    {
      config,
      statefulStackName: 'OccProd-Stateful',
      statelessStackName: 'OccProd-Stateless',
      fixedNames,
      exchangedSecrets: stateful.exchangedSecretNames,
    },
    account,
  );
const verdicts = (findings: Finding[]) =>
  Object.fromEntries(findings.map((finding) => [finding.check, finding.verdict]));

describe('fixedNamesOf', () => {
  it("lists every literal name of the stateful stack's tables, queues, secrets, key aliases and log groups", () => {
    expect(fixedNames.tables).toHaveLength(TABLES.length);
    expect(fixedNames.queues.sort()).toEqual(['occ-prod-lookups', 'occ-prod-lookups-dlq']);
    expect(fixedNames.aliases.sort()).toEqual(['alias/occ-prod-data', 'alias/occ-prod-logs']);
    expect(fixedNames.secrets).toContain('occ/prod/pepper');
    // Generated: the pepper, the token key, the phone key and the WeChat message token.
    expect(fixedNames.secrets).toHaveLength(stateful.exchangedSecretNames.length + 4);
    expect(fixedNames.logGroups).toContain('/occ/prod/sms-settings');
  });
});

describe('preflight', () => {
  const prod = filledIn(STAGES.prod);

  it('passes a ready account with a filled-in stage', async () => {
    const findings = await run(prod, new FakeAccount());
    expect(findings.filter((finding) => finding.verdict !== 'pass')).toEqual([]);
    expect(Object.keys(verdicts(findings)).sort()).toEqual(
      [
        'account',
        'alarm-recipients',
        'bootstrap',
        'configuration',
        'lambda-concurrency',
        'leftovers',
        'sms',
        'sms-spend',
      ].sort(),
    );
  });

  it('refuses a stage still pinned to a stand-in account, before asking AWS anything', async () => {
    const account = new FakeAccount();
    account.callerAccount = async () => {
      throw new Error('must not be asked');
    };
    const findings = await run({ ...prod, account: STAGES.prod.account }, account);
    expect(findings.filter((finding) => finding.verdict !== 'pass')).toEqual([
      expect.objectContaining({
        verdict: 'fail',
        check: 'account',
        message: expect.stringMatching(/stand-in account/),
      }),
    ]);
  });

  it('lists the stand-ins of the shipped configuration without credentials, then stops at the stand-in account', async () => {
    const findings = await run(STAGES.prod, new FakeAccount());
    expect(findings.map((finding) => [finding.verdict, finding.check])).toEqual([
      ['fail', 'configuration'],
      ['fail', 'alarm-recipients'],
      ['fail', 'account'],
    ]);
    expect(findings[0]?.message).toContain('login.wechatAppId: wx0000000000000000');
  });

  it('fails prod and china with no alarm recipient, and only warns in dev and sandbox', async () => {
    for (const stage of ['prod', 'china', 'dev', 'sandbox'] as const) {
      const findings = await run({ ...filledIn(STAGES[stage]), alarmEmails: [] }, new FakeAccount());
      const finding = findings.find((each) => each.check === 'alarm-recipients');
      expect(finding?.verdict).toBe(stage === 'prod' || stage === 'china' ? 'fail' : 'warn');
      expect(finding?.message).toContain('alarmEmails is empty');
    }
  });

  it('answers missing credentials with one FAIL naming the profile and region to use', async () => {
    const account = new FakeAccount();
    account.callerAccount = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    };
    const findings = await run(prod, account);
    expect(findings.filter((finding) => finding.verdict !== 'pass')).toEqual([
      expect.objectContaining({ verdict: 'fail', check: 'credentials' }),
    ]);
    const { message } = findings.find((finding) => finding.check === 'credentials') ?? { message: '' };
    expect(message).toContain('CredentialsProviderError');
    expect(message).toContain(`AWS_REGION=${prod.region}`);
    expect(message).toContain(prod.account);
  });

  it('passes on an error that is not about credentials', async () => {
    const account = new FakeAccount();
    account.callerAccount = async () => {
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    await expect(run(prod, account)).rejects.toThrow('socket hang up');
  });

  it('refuses credentials of another account', async () => {
    const account = new FakeAccount();
    account.caller = '111122223333';
    const [finding, ...others] = (await run(prod, account)).filter(
      (found) => found.check !== 'configuration' && found.check !== 'alarm-recipients',
    );
    expect(others).toEqual([]);
    expect(finding).toMatchObject({ verdict: 'fail', check: 'account' });
    expect(finding?.message).toContain('111122223333');
  });

  it('sends a missing or old bootstrap to cdk bootstrap, naming the account and region', async () => {
    const account = new FakeAccount();
    account.bootstrap = undefined;
    const findings = await run(prod, account);
    expect(findings.find((finding) => finding.check === 'bootstrap')?.message).toContain(
      'npm run bootstrap -- --stage prod',
    );
  });

  it('names what an earlier failed or deleted stack left behind, while the stack does not exist', async () => {
    const account = new FakeAccount();
    account.existing = new Set(['occ-prod-queries', 'occ/prod/pepper']);
    const leftovers = (await run(prod, account)).find((finding) => finding.check === 'leftovers');
    expect(leftovers?.verdict).toBe('fail');
    expect(leftovers?.message).toContain('table occ-prod-queries; secret occ/prod/pepper');
    // A rollback cannot delete a protected table: the message gives the two commands that can.
    expect(leftovers?.message).toContain(
      'aws dynamodb update-table --table-name occ-prod-queries --no-deletion-protection-enabled && aws dynamodb delete-table --table-name occ-prod-queries',
    );
    // Once the stack exists, its own resources hold those names: no collision.
    account.stacks.set('OccProd-Stateful', 'CREATE_COMPLETE');
    expect(verdicts(await run(prod, account)).leftovers).toBeUndefined();
  });

  it('fails prod while exchanged secrets still hold their generated value, and only warns elsewhere', async () => {
    const account = new FakeAccount().deployed();
    account.generated = ['occ/prod/carrier'];
    const findings = await run(prod, account);
    expect(findings.find((finding) => finding.check === 'secrets')).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('occ/prod/carrier'),
    });
    expect(verdicts(await run({ ...prod, stage: 'dev' }, account)).secrets).toBe('warn');
  });

  it('lets a first create that rolled back be retried: cdk deploy deletes the stack and creates it again', async () => {
    const account = new FakeAccount();
    account.stacks.set('OccProd-Stateful', 'ROLLBACK_COMPLETE');
    account.exchangedSecrets = async () => {
      throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: 'ResourceNotFoundException',
      });
    };
    const findings = await run(prod, account);
    expect(findings.filter((finding) => finding.verdict !== 'pass')).toEqual([]);
    expect(findings.find((finding) => finding.check === 'leftovers')?.message).toMatch(
      /OccProd-Stateful is ROLLBACK_COMPLETE .*deletes it and creates it again; no name of the stateful stack is taken/,
    );
    // What that rollback left behind under a fixed name still fails, as for a stack that never existed.
    account.existing = new Set(['occ-prod-lookups']);
    expect(verdicts(await run(prod, account)).leftovers).toBe('fail');
  });

  it('fails a rolled-back first create still under termination protection, with the command that lets cdk deploy delete it', async () => {
    const account = new FakeAccount();
    account.stacks.set('OccProd-Stateful', 'ROLLBACK_COMPLETE');
    account.protectedStacks.add('OccProd-Stateful');
    const failed = (await run(prod, account)).filter((finding) => finding.verdict === 'fail');
    expect(failed).toEqual([
      expect.objectContaining({
        check: 'failed-create',
        message: expect.stringContaining(
          'aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name OccProd-Stateful',
        ),
      }),
    ]);
    // A rollback that a protected table stopped: the whole clean-up, not one command.
    account.stacks.set('OccProd-Stateful', 'ROLLBACK_FAILED');
    const stopped = (await run(prod, account)).find((finding) => finding.check === 'failed-create');
    expect(stopped).toMatchObject({ verdict: 'fail', message: expect.stringContaining('§11 "Teardown"') });
    expect(stopped?.message).toContain('ROLLBACK_FAILED');
    // A created stack is protected on purpose: nothing to say.
    account.stacks.set('OccProd-Stateful', 'UPDATE_COMPLETE');
    expect(verdicts(await run(prod, account))['failed-create']).toBeUndefined();
  });

  it('only warns about generated secrets while the stateless stack was never created, so a failed first deploy can be retried', async () => {
    const account = new FakeAccount();
    account.stacks.set('OccProd-Stateful', 'CREATE_COMPLETE');
    account.stacks.set('OccProd-Stateless', 'ROLLBACK_COMPLETE');
    account.generated = ['occ/prod/carrier'];
    const secrets = (await run(prod, account)).find((finding) => finding.check === 'secrets');
    expect(secrets).toMatchObject({
      verdict: 'warn',
      message: expect.stringContaining('once this first deploy'),
    });
    account.stacks.delete('OccProd-Stateless');
    expect(verdicts(await run(prod, account)).secrets).toBe('warn');
    account.stacks.set('OccProd-Stateless', 'UPDATE_ROLLBACK_COMPLETE');
    expect(verdicts(await run(prod, account)).secrets).toBe('fail');
  });

  it('lets the deploy that adds a company create its secret, and says to put it right after', async () => {
    const account = new FakeAccount().deployed();
    account.absent = ['occ/prod/partners/meituan'];
    const findings = await run(prod, account);
    expect(findings.filter((finding) => finding.verdict === 'fail')).toEqual([]);
    expect(findings.find((finding) => finding.check === 'new-secrets')).toMatchObject({
      verdict: 'warn',
      message: expect.stringMatching(/occ\/prod\/partners\/meituan\. Put each agreed value .*§12/),
    });
    expect(verdicts(findings).secrets).toBe('pass');
  });

  it('fails the deploy that adds back a company whose secret was retained when it was removed, naming the delete', async () => {
    const account = new FakeAccount().deployed();
    account.outsideStack = ['occ/prod/partners/meituan'];
    const failed = (await run(prod, account)).filter((finding) => finding.verdict === 'fail');
    expect(failed).toEqual([
      expect.objectContaining({
        check: 'retained-secrets',
        message: expect.stringContaining(
          'occ/prod/partners/meituan exist in the account but not in OccProd-Stateful',
        ),
      }),
    ]);
    expect(failed[0]?.message).toContain('aws secretsmanager delete-secret --force-delete-without-recovery');
  });

  it('fails prod in the SMS sandbox or short of Lambda concurrency, and warns about a spend limit the deploy must raise', async () => {
    const account = new FakeAccount();
    account.sms = { inSandbox: true, monthlySpendLimitUsd: 1 };
    account.concurrency = 10;
    const found = verdicts(await run(prod, account));
    expect(found).toMatchObject({ sms: 'fail', 'lambda-concurrency': 'fail', 'sms-spend': 'warn' });
  });

  it('finds every stand-in left in the shipped stage configuration', () => {
    const standIns = placeholdersIn(STAGES.prod).join('\n');
    expect(standIns).toContain('carrier.endpoint: https://carrier.occ.example/v1');
    expect(standIns).toContain('login.wechatAppId: wx0000000000000000');
    expect(placeholdersIn(STAGES.china).join('\n')).toContain('sms.templates.code: SMS_000000000001');
    expect(placeholdersIn(prod)).toEqual([]);
  });
});

/** The command lines as a maintainer types them, with no AWS credentials anywhere. */
describe('the preflight and smoke commands without credentials', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const noCredentials = {
    PATH: process.env.PATH ?? '',
    HOME: mkdtempSync(join(tmpdir(), 'occ-no-aws-')),
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const cli = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: noCredentials,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('smoke --stage prints one FAIL line naming the credentials to use, and no stack trace', () => {
    const run = cli('cdk/src/smoke/cli.ts', '--stage', 'sandbox');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAIL.*credentials.*CredentialsProviderError.*AWS_PROFILE=occ-sandbox/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('bootstrap refuses a stage still pinned to a stand-in account, before running the CDK CLI', () => {
    const bin = mkdtempSync(join(tmpdir(), 'occ-bin-'));
    const called = join(bin, 'called');
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\necho "$@" > ${called}\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cdk/src/preflight/cli.ts', '--bootstrap', '--stage', 'prod'],
      {
        cwd: root,
        env: { ...noCredentials, PATH: `${bin}:${noCredentials.PATH}` },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`stage prod is pinned to the stand-in account ${STAGES.prod.account}`);
    expect(existsSync(called)).toBe(false);
  });

  it('preflight --help prints the usage and checks nothing', () => {
    const run = cli('cdk/src/preflight/cli.ts', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run preflight -- --stage NAME/);
    expect(run.stdout).not.toContain('Preflight of stage');
  });
});

describe('bootstrap', () => {
  it('names the stage to the CDK CLI, which synthesizes the app while it bootstraps', () => {
    expect(
      cdkArgs(['bootstrap', `aws://${ACCOUNT}/ap-southeast-1`], 'prod', ['--trust', '111122223333']),
    ).toEqual([
      'cdk',
      'bootstrap',
      `aws://${ACCOUNT}/ap-southeast-1`,
      '--context',
      'stage=prod',
      '--trust',
      '111122223333',
    ]);
  });

  it("synthesizes under the stage account's credentials only when the stage is named", () => {
    const saved = process.env.CDK_DEFAULT_ACCOUNT;
    process.env.CDK_DEFAULT_ACCOUNT = ACCOUNT;
    try {
      const prod = { ...STAGES.prod, account: ACCOUNT };
      expect(() => createApp({ stage: 'prod', 'aws:cdk:bundling-stacks': [] }, () => prod)).not.toThrow();
      // A bare `cdk bootstrap` synthesizes the default stage, pinned to another account.
      expect(() => createApp({ 'aws:cdk:bundling-stacks': [] })).toThrow(/stage dev deploys only to account/);
    } finally {
      if (saved === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
      else process.env.CDK_DEFAULT_ACCOUNT = saved;
    }
  });
});
