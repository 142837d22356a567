import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartnerEntry, SmsGatewayOptions } from '@occ/functions/config.ts';
import {
  loadScenario,
  parseScenario,
  type Scenario,
  type Subscriber,
} from '@occ/functions/sandbox/scenario.ts';
import { type Validated, validateIdSuffix, validatePhone } from '@occ/shared';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Everything that differs between deployments. `cdk deploy --context stage=prod` picks an entry;
 * nothing here is a secret value: secrets are created (or filled in) in Secrets Manager under the
 * names listed, and functions receive only their ARNs.
 */
export type StageName = 'dev' | 'prod' | 'sandbox' | 'china';

/**
 * An endpoint the stage's simulations answer (functions/src/sandbox): the stack points it at the
 * URL of the simulated carrier or companies it deploys beside the service.
 */
export const SIMULATED = 'simulated';

/** SMS through SNS: the stages that send real SMS. */
export interface SnsSmsConfig {
  gateway: 'sns';
  /** Sender shown to the citizen; China requires the registered service port. */
  senderId: string;
  /** Monthly SMS spend cap in USD (SNS account setting; raising it above 1 needs an AWS quota request). */
  monthlySpendLimitUsd: number;
  /**
   * How long SNS's per-message delivery status logs are kept. They name the destination number,
   * so they are kept only as long as a complaint about a missing SMS takes to arrive.
   */
  deliveryLogRetention: RetentionDays;
}

/**
 * SMS through Alibaba Cloud SMS, a domestic gateway: the mainland China stage (SNS sends no SMS from
 * the China regions). The signature and each template are registered in the Alibaba Cloud SMS
 * console first (docs/deploy.md §8 "SMS").
 */
export interface AliyunSmsConfig {
  gateway: 'aliyun';
  /** The registered signature, without brackets. */
  signName: string;
  /**
   * The template code (模板CODE) Alibaba Cloud assigned to each of the five registered templates
   * (`SMS_TEMPLATES` in shared/src/sms.ts); the functions refuse to start without all five.
   */
  templates: SmsGatewayOptions['templates'];
  /** Secrets Manager name of `{"accessKeyId": "…", "accessKeySecret": "…"}` of a RAM user that may only send SMS. */
  secretName: string;
}

/** SMS written to the stage's outbox table instead (the sandbox: no SMS contract, no real phone). */
export interface OutboxSmsConfig {
  gateway: 'outbox';
}

/**
 * One connected company as the service calls it: the functions' registry entry, with the name of
 * the signing secret in place of its ARN (the stack creates the secret and passes the ARN on).
 * Display data (name, hotline) lives in `@occ/shared`.
 */
export type PartnerConfig = Omit<PartnerEntry, 'secretArn'> & {
  /** Secrets Manager name of the shared signing secret exchanged with the company. */
  secretName: string;
};

export interface StageConfig {
  stage: StageName;
  /** Prefix of every physical name (tables, queues, log groups, secrets, alarms). */
  prefix: string;
  /**
   * The one AWS account this stage deploys to. SMS settings, quotas and the SMS sandbox are
   * account-wide, so two stages never share an account; synth refuses credentials of another
   * account and `npm run preflight` refuses a placeholder (docs/deploy.md §2 "One account per stage").
   */
  account: string;
  /** Region to deploy to; SNS does not send SMS from the China regions (see README). */
  region: string;
  /**
   * What happens to stored data when a resource leaves the stack: prod keeps it, except when the
   * stack operation that created it rolls back (`RetainExceptOnCreate`), so a failed first deploy
   * leaves no named leftovers in the way of the next try.
   */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  api: {
    /** Steady-state requests per second for the whole stage (API Gateway throttling). */
    rateLimit: number;
    burstLimit: number;
    /**
     * Tighter limits per route (`METHOD /path`): the verification-code route sends an SMS per call,
     * so it is capped well below the stage to blunt SMS pumping.
     */
    routeLimits: Record<string, { rateLimit: number; burstLimit: number }>;
    /** Origins allowed by CORS: the H5 build; WeChat and Alipay mini-programs do not send CORS requests. */
    allowedOrigins: string[];
  };
  queue: {
    /** Concurrent starters feeding the workflow (the SQS event source maximum concurrency, 2..1000). */
    consumerConcurrency: number;
    /** Receives before a message goes to the dead-letter queue. */
    maxReceiveCount: number;
    /** Alarm when the oldest message has waited longer than this. */
    maxAgeSeconds: number;
  };
  /** Where SMS go: SNS, or the outbox a maintainer reads (sandbox). */
  sms: SnsSmsConfig | AliyunSmsConfig | OutboxSmsConfig;
  /**
   * Deploy the sandbox simulations (functions/src/sandbox) beside the service, each behind its own
   * function URL, and point every `SIMULATED` endpoint at them: the carrier directory and the
   * companies answer from this scenario.
   */
  simulation?: { scenario: Scenario };
  /**
   * The stage's AWS Budgets cost budget: the account's whole monthly cost (one account per stage),
   * notified to the alarm topic at 80% of actual and 100% of forecast spend.
   */
  budget: { monthlyLimit: number; currency: 'USD' | 'CNY' };
  /**
   * Account quotas the stage needs before it takes traffic; `npm run preflight` checks the ones
   * AWS lets it read (docs/deploy.md §4 "Support cases and quotas to ask for first").
   */
  quotas: {
    /** Lambda concurrent executions for the account (new accounts may start with far fewer). */
    lambdaConcurrency: number;
  };
  login: {
    /** `simulated` accepts any login code: only the sandbox stage may (see `assertLoginMode`). */
    mode: 'real' | 'simulated';
    wechatAppId: string;
    alipayAppId: string;
  };
  carrier: { endpoint: string; secretName: string };
  /** Secrets Manager names of the platform login secrets. */
  secretNames: { pepper: string; tokenKey: string; phoneKey: string; wechat: string; alipayKey: string };
  globalDailyCodeCap: number;
  queryRetentionDays: number;
  /** How long an asynchronous company has to call back: its workflow task's timeout. */
  asyncDeadlineSeconds: number;
  partners: PartnerConfig[];
  /** Where alarm notifications go; empty means alarms only show in the console. */
  alarmEmails: string[];
  /**
   * The stage's public HTTPS domain: an API Gateway custom domain (with its ACM certificate, in
   * the stage's region) that serves the API at `https://<name>/v1`. The weapp and alipay builds
   * call it, and the official account's menu links to the H5 app on it. Without one the stage has
   * only its execute-api host, which neither platform accepts (no ICP filing), so no platform
   * build or menu can be made for it.
   */
  domain?: { name: string; certificateArn: string };
  /**
   * The HTTPS origin (`https://<host>`, no path) serving the H5 build, on a host of its own (for
   * example `www.` in front of CloudFront and S3, docs/deploy.md §9): the official account's menu
   * and replies link to it, and it belongs in `api.allowedOrigins`. Without it they link to
   * `https://<domain>`, which serves only the API.
   */
  h5Origin?: string;
  /** The WeChat official account (公众号) whose menu opens the mini-program. */
  officialAccount: {
    /** Secrets Manager name of `{"appId": "wx…", "secret": "…"}`: the account's AppID and AppSecret. */
    secretName: string;
    /** Secrets Manager name of the message token (服务器配置 Token) that signs WeChat's pushes. */
    messageTokenSecretName: string;
    /**
     * Publish the repository's menu on every `cdk deploy` (needs `domain`). Off in every stage:
     * WeChat answers `menu/create` only from an address on the account's IP whitelist (errcode
     * 40164), which Lambda has only behind a NAT gateway with a whitelisted Elastic IP (not built
     * here), and on a first deploy the account's secret is still its generated value. Publish with
     * `npm run wechat:menu -- --stage NAME` instead (docs/deploy.md §9).
     */
    publishMenu: boolean;
  };
}

/**
 * Stand-ins for each stage's account, distinct so that the one-account-per-stage rule holds even
 * before they are replaced. Put your accounts' ids in the stage entries below; `npm run preflight`
 * refuses to deploy a stage still pinned to one of these.
 */
export const PLACEHOLDER_ACCOUNTS = {
  dev: '000000000001',
  prod: '000000000002',
  sandbox: '000000000003',
  china: '000000000004',
} as const satisfies Record<StageName, string>;

const LAUNCH_COMPANIES = [
  'tencent',
  'alibaba',
  'alipay',
  'baidu',
  'kuaishou',
  'douyin',
  'jd',
  'meituan',
] as const;

function partners(
  stage: StageName,
  endpointOf: (companyId: string) => string,
  limits: Pick<PartnerConfig, 'ratePerSecond' | 'maxConcurrency'>,
  asyncCompanies: readonly string[] = [],
): PartnerConfig[] {
  return LAUNCH_COMPANIES.map((companyId) => ({
    companyId,
    endpoint: endpointOf(companyId),
    mode: asyncCompanies.includes(companyId) ? 'async' : 'sync',
    timeoutMs: 3_000,
    maxAttempts: 3,
    ...limits,
    secretName: `occ/${stage}/partners/${companyId}`,
  }));
}

function officialAccount(stage: StageName, publishMenu = false): StageConfig['officialAccount'] {
  return {
    secretName: `occ/${stage}/wechat-official-account`,
    messageTokenSecretName: `occ/${stage}/wechat-message-token`,
    publishMenu,
  };
}

function secretNames(stage: StageName): StageConfig['secretNames'] {
  return {
    pepper: `occ/${stage}/pepper`,
    tokenKey: `occ/${stage}/token-key`,
    phoneKey: `occ/${stage}/phone-key`,
    wechat: `occ/${stage}/wechat-app-secret`,
    alipayKey: `occ/${stage}/alipay-private-key`,
  };
}

/**
 * Where dev's subscribers are listed: `cdk/dev-subscribers.json`, which git ignores, since the
 * numbers are developers' own phones and the ID suffixes their own (personal data that a public
 * repository must not carry).
 */
export const DEV_SUBSCRIBERS_FILE = join(import.meta.dirname, '..', 'dev-subscribers.json');

/**
 * The numbers dev's simulated carrier knows, read from `file` (a JSON array of
 * `{ phone, idSuffix, inService }`; none when the file is absent): dev sends real SMS through SNS,
 * so list only your own phones (each verified in the SNS SMS sandbox while the account is in it),
 * with the last six characters of an ID you will type. A malformed file fails the synth, naming it.
 */
export function devSubscribers(file = DEV_SUBSCRIBERS_FILE): Subscriber[] {
  if (!existsSync(file)) return [];
  try {
    const { subscribers } = parseScenario({
      subscribers: JSON.parse(readFileSync(file, 'utf8')),
      companies: {},
    });
    // The rules of the form the citizen fills in (@occ/shared), exactly: no normalisation here.
    const exactly = (checked: Validated<string>, raw: string) => checked.ok && checked.value === raw;
    for (const { phone, idSuffix, inService } of subscribers) {
      const valid = exactly(validatePhone(phone), phone) && exactly(validateIdSuffix(idSuffix), idSuffix);
      if (!valid || typeof inService !== 'boolean')
        throw new Error(
          'each entry needs "phone" (a mainland mobile number, 11 digits), "idSuffix" (the last six characters of an ID number, X upper-case) and "inService" (true or false)',
        );
    }
    return subscribers;
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let devWorld: Scenario | undefined;

/**
 * dev's world: its subscribers, and the companies answering as in the demo scenario. Read once,
 * when dev's configuration is first used, so another stage never reads (or fails on) dev's file.
 */
function devScenario(): Scenario {
  devWorld ??= { subscribers: devSubscribers(), companies: loadScenario(undefined).companies };
  return devWorld;
}

/** The API and queue of a stage for a few maintainers (dev, sandbox): tight limits, the local H5 origins. */
const SMALL_STAGE: Pick<StageConfig, 'api' | 'queue'> = {
  api: {
    rateLimit: 20,
    burstLimit: 40,
    routeLimits: { 'POST /v1/verification-codes': { rateLimit: 2, burstLimit: 5 } },
    allowedOrigins: ['http://127.0.0.1:3000', 'http://localhost:3000'],
  },
  queue: { consumerConcurrency: 2, maxReceiveCount: 5, maxAgeSeconds: 300 },
};

/** What a stage citizens use keeps and allows: retained data, deletion protection, national-scale limits. */
function publicStage(
  origin: string,
): Pick<StageConfig, 'removalPolicy' | 'deletionProtection' | 'logRetention' | 'api' | 'queue'> {
  return {
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    deletionProtection: true,
    logRetention: RetentionDays.SIX_MONTHS,
    api: {
      rateLimit: 2_000,
      burstLimit: 5_000,
      routeLimits: { 'POST /v1/verification-codes': { rateLimit: 300, burstLimit: 600 } },
      allowedOrigins: [origin],
    },
    queue: { consumerConcurrency: 20, maxReceiveCount: 5, maxAgeSeconds: 900 },
  };
}

export const STAGES: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    prefix: 'occ-dev',
    account: PLACEHOLDER_ACCOUNTS.dev,
    region: 'ap-southeast-1',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.TWO_WEEKS,
    ...SMALL_STAGE,
    sms: {
      gateway: 'sns',
      senderId: '10699000',
      monthlySpendLimitUsd: 1,
      deliveryLogRetention: RetentionDays.ONE_WEEK,
    },
    budget: { monthlyLimit: 50, currency: 'USD' },
    quotas: { lambdaConcurrency: 100 },
    // Real logins (the platforms' test app ids); h5 sessions need no platform.
    login: { mode: 'real', wechatAppId: 'wx-dev-placeholder', alipayAppId: 'alipay-dev-placeholder' },
    // Until the partners give their test endpoints, dev answers from the simulations (SIMULATED).
    carrier: { endpoint: SIMULATED, secretName: 'occ/dev/carrier' },
    get simulation() {
      return { scenario: devScenario() };
    },
    secretNames: secretNames('dev'),
    globalDailyCodeCap: 1_000,
    queryRetentionDays: 7,
    asyncDeadlineSeconds: 600,
    partners: partners('dev', () => SIMULATED, { ratePerSecond: 5, maxConcurrency: 2 }, ['alibaba']),
    alarmEmails: [],
    officialAccount: officialAccount('dev'),
  },
  prod: {
    stage: 'prod',
    prefix: 'occ-prod',
    account: PLACEHOLDER_ACCOUNTS.prod,
    region: 'ap-southeast-1',
    ...publicStage('https://www.occ.example'),
    sms: {
      gateway: 'sns',
      senderId: '10699000',
      monthlySpendLimitUsd: 5_000,
      deliveryLogRetention: RetentionDays.ONE_WEEK,
    },
    budget: { monthlyLimit: 20_000, currency: 'USD' },
    quotas: { lambdaConcurrency: 3_000 },
    login: { mode: 'real', wechatAppId: 'wx0000000000000000', alipayAppId: '2021000000000000' },
    carrier: { endpoint: 'https://carrier.occ.example/v1', secretName: 'occ/prod/carrier' },
    secretNames: secretNames('prod'),
    globalDailyCodeCap: 100_000,
    queryRetentionDays: 30,
    asyncDeadlineSeconds: 3_600,
    partners: partners(
      'prod',
      (companyId) => `https://occ-partner.${companyId}.example/api`,
      { ratePerSecond: 200, maxConcurrency: 50 },
      ['alibaba', 'jd'],
    ),
    alarmEmails: [],
    domain: {
      name: 'occ.example',
      certificateArn:
        'arn:aws:acm:ap-southeast-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
    },
    h5Origin: 'https://www.occ.example',
    officialAccount: officialAccount('prod'),
  },
  /**
   * Mainland China: the AWS China partition (Ningxia, operated by NWCD; its own account, separate
   * from the global ones), so citizens' data stays in China under PIPL; SMS through Alibaba Cloud.
   * Ningxia rather than Beijing: AWS Budgets is served there.
   */
  china: {
    stage: 'china',
    prefix: 'occ-china',
    account: PLACEHOLDER_ACCOUNTS.china,
    region: 'cn-northwest-1',
    ...publicStage('https://www.occ.example.cn'),
    sms: {
      gateway: 'aliyun',
      signName: '一证通查',
      templates: {
        code: 'SMS_000000000001',
        result: 'SMS_000000000002',
        partial: 'SMS_000000000003',
        unanswered: 'SMS_000000000005',
        unsuccessful: 'SMS_000000000004',
      },
      secretName: 'occ/china/sms-gateway',
    },
    budget: { monthlyLimit: 150_000, currency: 'CNY' },
    quotas: { lambdaConcurrency: 3_000 },
    login: { mode: 'real', wechatAppId: 'wx0000000000000000', alipayAppId: '2021000000000000' },
    carrier: { endpoint: 'https://carrier.occ.example.cn/v1', secretName: 'occ/china/carrier' },
    secretNames: secretNames('china'),
    globalDailyCodeCap: 100_000,
    queryRetentionDays: 30,
    asyncDeadlineSeconds: 3_600,
    partners: partners(
      'china',
      (companyId) => `https://occ-partner.${companyId}.example.cn/api`,
      { ratePerSecond: 200, maxConcurrency: 50 },
      ['alibaba', 'jd'],
    ),
    alarmEmails: [],
    // The domain must be ICP-filed, and the account associated with the ICP licence (docs/deploy.md §4, §9).
    domain: {
      name: 'occ.example.cn',
      certificateArn:
        'arn:aws-cn:acm:cn-northwest-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
    },
    h5Origin: 'https://www.occ.example.cn',
    officialAccount: officialAccount('china'),
  },
  sandbox: {
    stage: 'sandbox',
    prefix: 'occ-sandbox',
    account: PLACEHOLDER_ACCOUNTS.sandbox,
    region: 'ap-southeast-1',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    ...SMALL_STAGE,
    // No SMS contract: every SMS lands in the outbox (output OutboxUrl).
    sms: { gateway: 'outbox' },
    // Above its fixed cost at rest (about 18 USD a month: secrets, keys, alarms, dashboard; docs/deploy.md §3).
    budget: { monthlyLimit: 30, currency: 'USD' },
    quotas: { lambdaConcurrency: 50 },
    // The only stage that accepts simulated logins: no real person signs in to a sandbox.
    login: { mode: 'simulated', wechatAppId: 'wx-sandbox', alipayAppId: 'alipay-sandbox' },
    carrier: { endpoint: SIMULATED, secretName: 'occ/sandbox/carrier' },
    simulation: { scenario: loadScenario(undefined) },
    secretNames: secretNames('sandbox'),
    globalDailyCodeCap: 1_000,
    queryRetentionDays: 7,
    asyncDeadlineSeconds: 600,
    partners: partners('sandbox', () => SIMULATED, { ratePerSecond: 5, maxConcurrency: 2 }, ['alipay']),
    alarmEmails: [],
    officialAccount: officialAccount('sandbox'),
  },
};

/**
 * The checks a stage's configuration must pass before its stacks are built: simulated logins only
 * in the sandbox; in the China partition, SMS through the domestic gateway (SNS sends no SMS there)
 * and no simulations (Lambda function URLs are not offered in the China regions).
 */
export function assertStage(config: StageConfig): void {
  assertLoginMode(config);
  if (RegionInfo.get(config.region).partition !== 'aws-cn') return;
  if (config.sms.gateway === 'sns')
    throw new Error(`stage ${config.stage}: SNS sends no SMS from the China regions; use the aliyun gateway`);
  if (config.simulation)
    throw new Error(
      `stage ${config.stage}: Lambda function URLs, which the simulations use, are not offered in the China regions`,
    );
}

/**
 * Refuses simulated platform logins anywhere but the sandbox stage: a simulated login accepts any
 * code, so on a public API it would let anyone be anyone.
 */
export function assertLoginMode(config: StageConfig): void {
  if (config.login.mode === 'simulated' && config.stage !== 'sandbox') {
    throw new Error(
      `stage ${config.stage} accepts simulated logins: only the sandbox stage may (cdk/src/stages.ts)`,
    );
  }
}

/** The stage named by the `stage` context value (default `dev`); an unknown name fails with the choices. */
export function stageFromContext(value: unknown): StageConfig {
  const name = value === undefined ? 'dev' : String(value);
  if (!(name in STAGES)) {
    throw new Error(`unknown stage "${name}": use one of ${Object.keys(STAGES).join(', ')}`);
  }
  return STAGES[name as StageName];
}
