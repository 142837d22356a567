import { SMS_TEMPLATES, type SmsTemplateName } from '@occ/shared';

/**
 * The one configuration module: every setting a function may read, with its environment variable,
 * its parser and, where one is sensible, its default. CDK passes names and ARNs in; the local
 * embedded default sets the same variables. No other module reads `process.env` for the service's
 * own settings, and nothing reads a setting except through {@link settingsReader}, which only
 * answers the names a declaration in `catalogue.ts` gives (so the CDK environment, derived from the
 * same declarations, always holds what a function reads). A missing or malformed value fails on
 * first read with the variable's name. Secret values are not here: see `adapters/secrets`.
 */

/** One company in the server-side partner registry (no secret values: `secretArn` names where it lives). */
export interface PartnerEntry {
  companyId: string;
  endpoint: string;
  mode: 'sync' | 'async';
  /** Per-call timeout (docs/api.md default 3 s). */
  timeoutMs: number;
  /** Calls per lookup, first one included (docs/api.md default 3). */
  maxAttempts: number;
  /** Calls per second this company accepts from the whole service, every function instance together. */
  ratePerSecond: number;
  /** Calls in flight to this company from one function instance. */
  maxConcurrency: number;
  /** Secrets Manager ARN of the shared signing secret (AWS); locally the key file holds it by company id. */
  secretArn?: string;
}

/** The named secrets (Secrets Manager on AWS); partners' secrets are named in their registry entries. */
export type SecretName =
  | 'pepper'
  | 'tokenKey'
  | 'phoneKey'
  | 'carrier'
  | 'wechat'
  | 'alipayKey'
  | 'wechatMessageToken'
  /** The domestic SMS gateway's access key, JSON `{accessKeyId, accessKeySecret}` (mainland China stage only). */
  | 'smsGateway';

/**
 * Where SMS go: SNS (the global stages), Alibaba Cloud SMS (the mainland China stage: SNS sends no
 * SMS from the China regions) or the outbox table (the sandbox stage, no SMS contract needed).
 */
export type SmsGateway = 'sns' | 'aliyun' | 'outbox';

/** The domestic gateway's registered signature and template codes (Alibaba Cloud SMS console). */
export interface SmsGatewayOptions {
  /** The registered signature (签名), without the brackets: 一证通查. */
  signName: string;
  /** The registered template code (模板CODE) of each fixed message (`SMS_TEMPLATES` in @occ/shared). */
  templates: Record<SmsTemplateName, string>;
  /** The API host when not Alibaba Cloud's public one. */
  endpoint?: string;
}

interface SettingSpec<T> {
  env: string;
  parse: (raw: string) => T;
  /** Used when the variable is unset or empty; without one, such a read throws. */
  fallback?: T;
}

const text = (raw: string): string => raw;
const url = (raw: string): string => raw.replace(/\/+$/, '');
function positiveInt(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error('expected a positive integer');
  return value;
}
function loginMode(raw: string): 'real' | 'simulated' {
  if (raw !== 'real' && raw !== 'simulated') throw new Error("expected 'real' or 'simulated'");
  return raw;
}

function smsGateway(raw: string): SmsGateway {
  if (raw !== 'sns' && raw !== 'aliyun' && raw !== 'outbox')
    throw new Error("expected 'sns', 'aliyun' or 'outbox'");
  return raw;
}
const SMS_TEMPLATE_NAMES = Object.keys(SMS_TEMPLATES) as SmsTemplateName[];

function gatewayOptions(raw: string): SmsGatewayOptions {
  const value = JSON.parse(raw) as Partial<SmsGatewayOptions>;
  const templates = value.templates ?? ({} as Partial<SmsGatewayOptions['templates']>);
  const missing = SMS_TEMPLATE_NAMES.filter((name) => !templates[name]);
  if (typeof value.signName !== 'string' || missing.length > 0) {
    throw new Error(`expected {signName, templates: {${SMS_TEMPLATE_NAMES.join(', ')}}}`);
  }
  return value as SmsGatewayOptions;
}

function parsePartners(raw: string): PartnerEntry[] {
  const list: unknown = JSON.parse(raw);
  if (!Array.isArray(list)) throw new Error('expected a JSON array');
  return list.map((entry: Partial<PartnerEntry>) => {
    if (typeof entry.companyId !== 'string' || typeof entry.endpoint !== 'string') {
      throw new Error('each partner needs companyId and endpoint');
    }
    return {
      companyId: entry.companyId,
      endpoint: entry.endpoint.replace(/\/+$/, ''),
      mode: entry.mode === 'async' ? 'async' : 'sync',
      timeoutMs: entry.timeoutMs ?? 3000,
      maxAttempts: entry.maxAttempts ?? 3,
      ratePerSecond: entry.ratePerSecond ?? 50,
      maxConcurrency: entry.maxConcurrency ?? 10,
      ...(entry.secretArn ? { secretArn: entry.secretArn } : {}),
    };
  });
}

const setting = <T>(env: string, parse: (raw: string) => T, fallback?: T): SettingSpec<T> =>
  fallback === undefined ? { env, parse } : { env, parse, fallback };

/** Every setting by name. A declaration names settings by these keys, never by variable. */
export const SETTINGS = {
  /** The deployment stage (`dev`, `prod`, `local`…), on every log line. Every function reads it. */
  stage: setting('OCC_STAGE', text),
  tableCodes: setting('OCC_TABLE_CODES', text),
  tableCounters: setting('OCC_TABLE_COUNTERS', text),
  tableQueries: setting('OCC_TABLE_QUERIES', text),
  tableLookups: setting('OCC_TABLE_LOOKUPS', text),
  queueUrl: setting('OCC_LOOKUP_QUEUE_URL', text),
  stateMachineArn: setting('OCC_STATE_MACHINE_ARN', text),
  /** Public base URL of the API, from which partners' callback URLs are built. */
  callbackBaseUrl: setting('OCC_CALLBACK_BASE_URL', url),
  /** JSON array of {@link PartnerEntry}: the server-side partner registry. */
  partners: setting('OCC_PARTNERS', parsePartners),
  carrierEndpoint: setting('OCC_CARRIER_ENDPOINT', url),
  loginMode: setting('OCC_LOGIN_MODE', loginMode),
  wechatAppId: setting('OCC_WECHAT_APP_ID', text),
  alipayAppId: setting('OCC_ALIPAY_APP_ID', text),
  globalDailyCodeCap: setting('OCC_GLOBAL_DAILY_CODE_CAP', positiveInt, 100_000),
  queryRetentionDays: setting('OCC_QUERY_RETENTION_DAYS', positiveInt, 30),
  asyncDeadlineSeconds: setting('OCC_ASYNC_DEADLINE_SECONDS', positiveInt, 600),
  /** The public origin of the H5 app (the stage's HTTPS domain), which replies to WeChat messages link to. */
  publicBaseUrl: setting('OCC_PUBLIC_BASE_URL', url, ''),
  // Secrets Manager ARNs: one per named secret (see SECRET_SETTINGS).
  pepperSecretArn: setting('OCC_PEPPER_SECRET_ARN', text),
  tokenKeySecretArn: setting('OCC_TOKEN_KEY_SECRET_ARN', text),
  phoneKeySecretArn: setting('OCC_PHONE_KEY_SECRET_ARN', text),
  carrierSecretArn: setting('OCC_CARRIER_SECRET_ARN', text),
  wechatSecretArn: setting('OCC_WECHAT_SECRET_ARN', text),
  alipayKeySecretArn: setting('OCC_ALIPAY_KEY_SECRET_ARN', text),
  smsGatewaySecretArn: setting('OCC_SMS_GATEWAY_SECRET_ARN', text),
  /** JSON {@link SmsGatewayOptions} of the domestic gateway (where it sends the SMS). */
  smsGatewayOptions: setting('OCC_SMS_GATEWAY_OPTIONS', gatewayOptions),
  /** Which adapter sends SMS ({@link SmsGateway}). */
  smsGateway: setting('OCC_SMS_GATEWAY', smsGateway, 'sns' as SmsGateway),
  /** The outbox table SMS are written to when the gateway is `outbox` (the sandbox stage). */
  smsOutboxTable: setting('OCC_SMS_OUTBOX_TABLE', text),
  /** JSON scenario of the sandbox simulations (functions/src/sandbox); the demo scenario when unset. */
  sandboxScenario: setting('OCC_SANDBOX_SCENARIO', text, ''),
  wechatMessageTokenSecretArn: setting('OCC_WECHAT_MESSAGE_TOKEN_SECRET_ARN', text),
};

export type SettingName = keyof typeof SETTINGS;
/** The parsed value of every setting. */
export type SettingValues = {
  [K in SettingName]: (typeof SETTINGS)[K] extends SettingSpec<infer T> ? T : never;
};

/** The setting that names where each secret lives. */
export const SECRET_SETTINGS = {
  pepper: 'pepperSecretArn',
  tokenKey: 'tokenKeySecretArn',
  phoneKey: 'phoneKeySecretArn',
  carrier: 'carrierSecretArn',
  wechat: 'wechatSecretArn',
  alipayKey: 'alipayKeySecretArn',
  smsGateway: 'smsGatewaySecretArn',
  wechatMessageToken: 'wechatMessageTokenSecretArn',
} as const satisfies Record<SecretName, SettingName>;

/** Environment variable names by setting name, for code that sets them (CDK, the local runner, tests). */
export const ENV = Object.fromEntries(Object.entries(SETTINGS).map(([name, spec]) => [name, spec.env])) as {
  readonly [K in SettingName]: (typeof SETTINGS)[K]['env'];
};

export type EnvName = (typeof SETTINGS)[SettingName]['env'];

/** Variables for the given setting values, as a function's environment holds them. */
export function environmentFor(values: Partial<Record<SettingName, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values) as [SettingName, string | undefined][]) {
    if (value !== undefined) out[SETTINGS[name].env] = value;
  }
  return out;
}

const cache = new Map<SettingName, unknown>();

function read<K extends SettingName>(name: K): SettingValues[K] {
  if (cache.has(name)) return cache.get(name) as SettingValues[K];
  const spec = SETTINGS[name] as SettingSpec<SettingValues[K]>;
  const raw = process.env[spec.env];
  let value: SettingValues[K];
  if (raw === undefined || raw === '') {
    if (spec.fallback === undefined) throw new Error(`configuration: ${spec.env} is not set`);
    value = spec.fallback;
  } else {
    try {
      value = spec.parse(raw);
    } catch (error) {
      throw new Error(`configuration: ${spec.env} is malformed (${(error as Error).message})`);
    }
  }
  cache.set(name, value);
  return value;
}

/**
 * The settings one declaration gives, read on first use and kept for the cold start. Reading any
 * other name throws, naming `scope` and the setting: a function must never depend on a variable its
 * declaration does not pass it (its CDK environment would not hold it).
 */
export function settingsReader<K extends SettingName>(
  scope: string,
  names: readonly K[],
): Pick<SettingValues, K> {
  const given = new Set<string>(names);
  return new Proxy({} as Pick<SettingValues, K>, {
    get(_target, property) {
      if (typeof property !== 'string' || !(property in SETTINGS)) return undefined;
      if (!given.has(property)) {
        throw new Error(
          `configuration: ${scope} reads ${String(property)}, which its declaration does not give it`,
        );
      }
      return read(property as K);
    },
    has: (_target, property) => given.has(String(property)),
    ownKeys: () => [...given],
    getOwnPropertyDescriptor: (_target, property) =>
      given.has(String(property)) ? { enumerable: true, configurable: true } : undefined,
  });
}

/** The AWS region the SDK clients use: Lambda sets `AWS_REGION`; so does the local embedded default. */
export function awsRegion(): string {
  return process.env.AWS_REGION || 'us-east-1';
}

/** The name of the running Lambda function (Lambda sets `AWS_LAMBDA_FUNCTION_NAME`). */
export function lambdaFunctionName(): string {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME;
  if (!name) throw new Error('configuration: AWS_LAMBDA_FUNCTION_NAME is not set (not running in Lambda)');
  return name;
}

/** Forgets every value read so far: a new cold start (the local embedded default restarts with new values). */
export function resetConfig(): void {
  cache.clear();
}
