/**
 * The one configuration module. Values come from the environment (CDK passes names and ARNs in;
 * the local embedded default sets the same variables) and are read once per cold start, on first
 * use, so a function only needs the variables its catalogue entry lists. A missing or malformed
 * value fails fast with the variable's name. Secrets are not here: see `adapters/secrets`.
 */
export const ENV = {
  stage: 'OCC_STAGE',
  tableCodes: 'OCC_TABLE_CODES',
  tableCounters: 'OCC_TABLE_COUNTERS',
  tableCooldowns: 'OCC_TABLE_COOLDOWNS',
  tableQueries: 'OCC_TABLE_QUERIES',
  tableLookups: 'OCC_TABLE_LOOKUPS',
  queueUrl: 'OCC_LOOKUP_QUEUE_URL',
  stateMachineArn: 'OCC_STATE_MACHINE_ARN',
  /** Public base URL of the API, from which partners' callback URLs are built. */
  callbackBaseUrl: 'OCC_CALLBACK_BASE_URL',
  /** JSON array of {@link PartnerEntry}: the server-side partner registry. */
  partners: 'OCC_PARTNERS',
  carrierEndpoint: 'OCC_CARRIER_ENDPOINT',
  loginMode: 'OCC_LOGIN_MODE',
  wechatAppId: 'OCC_WECHAT_APP_ID',
  alipayAppId: 'OCC_ALIPAY_APP_ID',
  globalDailyCodeCap: 'OCC_GLOBAL_DAILY_CODE_CAP',
  queryRetentionDays: 'OCC_QUERY_RETENTION_DAYS',
  asyncDeadlineSeconds: 'OCC_ASYNC_DEADLINE_SECONDS',
  /** Secrets Manager ARNs (AWS). */
  pepperSecretArn: 'OCC_PEPPER_SECRET_ARN',
  tokenKeySecretArn: 'OCC_TOKEN_KEY_SECRET_ARN',
  phoneKeySecretArn: 'OCC_PHONE_KEY_SECRET_ARN',
  carrierSecretArn: 'OCC_CARRIER_SECRET_ARN',
  wechatSecretArn: 'OCC_WECHAT_SECRET_ARN',
  alipayKeySecretArn: 'OCC_ALIPAY_KEY_SECRET_ARN',
  /** Local only: a JSON key file that replaces Secrets Manager. */
  localSecretsFile: 'OCC_LOCAL_SECRETS_FILE',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

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

export type SecretName = 'pepper' | 'tokenKey' | 'phoneKey' | 'carrier' | 'wechat' | 'alipayKey';

const cache = new Map<string, unknown>();

function read<T>(name: EnvName, parse: (raw: string) => T, fallback?: T): T {
  if (cache.has(name)) return cache.get(name) as T;
  const raw = process.env[name];
  let value: T;
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new Error(`configuration: ${name} is not set`);
    value = fallback;
  } else {
    try {
      value = parse(raw);
    } catch (error) {
      throw new Error(`configuration: ${name} is malformed (${(error as Error).message})`);
    }
  }
  cache.set(name, value);
  return value;
}

const text = (raw: string): string => raw;
function positiveInt(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error('expected a positive integer');
  return value;
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

/** Typed, lazily read configuration. Each getter throws if its variable is missing. */
export const config = {
  stage: () => read(ENV.stage, text, 'local'),
  tables: {
    codes: () => read(ENV.tableCodes, text),
    counters: () => read(ENV.tableCounters, text),
    cooldowns: () => read(ENV.tableCooldowns, text),
    queries: () => read(ENV.tableQueries, text),
    lookups: () => read(ENV.tableLookups, text),
  },
  queueUrl: () => read(ENV.queueUrl, text),
  stateMachineArn: () => read(ENV.stateMachineArn, text),
  callbackBaseUrl: () => read(ENV.callbackBaseUrl, (raw) => raw.replace(/\/+$/, '')),
  partners: () => read(ENV.partners, parsePartners),
  carrierEndpoint: () => read(ENV.carrierEndpoint, (raw) => raw.replace(/\/+$/, '')),
  loginMode: () =>
    read(ENV.loginMode, (raw) => {
      if (raw !== 'real' && raw !== 'simulated') throw new Error("expected 'real' or 'simulated'");
      return raw;
    }),
  wechatAppId: () => read(ENV.wechatAppId, text),
  alipayAppId: () => read(ENV.alipayAppId, text),
  globalDailyCodeCap: () => read(ENV.globalDailyCodeCap, positiveInt, 100_000),
  queryRetentionDays: () => read(ENV.queryRetentionDays, positiveInt, 30),
  asyncDeadlineSeconds: () => read(ENV.asyncDeadlineSeconds, positiveInt, 600),
  localSecretsFile: () => read<string | null>(ENV.localSecretsFile, text, null),
  secretArns: {
    pepper: () => read(ENV.pepperSecretArn, text),
    tokenKey: () => read(ENV.tokenKeySecretArn, text),
    phoneKey: () => read(ENV.phoneKeySecretArn, text),
    carrier: () => read(ENV.carrierSecretArn, text),
    wechat: () => read(ENV.wechatSecretArn, text),
    alipayKey: () => read(ENV.alipayKeySecretArn, text),
  } satisfies Record<SecretName, () => string>,
  /** The AWS region the SDK clients use (set by Lambda; locally by the embedded default). */
  region: () => read('AWS_REGION' as EnvName, text, 'us-east-1'),
};

/** Forgets every value read so far: a new cold start (the local embedded default restarts with new values). */
export function resetConfig(): void {
  cache.clear();
}
