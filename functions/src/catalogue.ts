import { ENV, type EnvName, type SecretName } from './config.ts';

/**
 * Every Lambda handler and exactly what it touches, so the CDK stack can grant least privilege and
 * pass only the variables a function reads. `entry` is relative to `functions/`.
 */
export type Access = 'read' | 'write' | 'readwrite';
export type TableName = 'codes' | 'counters' | 'cooldowns' | 'queries' | 'lookups';

export interface HandlerSpec {
  entry: string;
  kind: 'http' | 'task' | 'queue';
  tables: Partial<Record<TableName, Access>>;
  /** Named secrets (Secrets Manager); `partners` means every partner secret in the registry. */
  secrets: (SecretName | 'partners')[];
  queueSend: boolean;
  statesStart: boolean;
  /** Completes workflow tasks that wait on a task token (`states:SendTaskSuccess` on the lookup workflow). */
  statesTaskResponse: boolean;
  snsPublish: boolean;
  /** Calls hosts outside AWS (partners, carrier, platform login). */
  outboundHttp: boolean;
  /** Environment variables its configuration reads (table, queue, ARN and tuning variables). */
  env: EnvName[];
}

const none = {
  tables: {},
  secrets: [],
  queueSend: false,
  statesStart: false,
  statesTaskResponse: false,
  snsPublish: false,
  outboundHttp: false,
};
const entry = (name: string) => `src/handlers/${name}.ts`;

export const HANDLERS = {
  'get-health': { ...none, entry: entry('get-health'), kind: 'http', env: [] },
  fallback: { ...none, entry: entry('fallback'), kind: 'http', env: [] },
  'list-companies': { ...none, entry: entry('list-companies'), kind: 'http', env: [ENV.partners] },
  'create-session': {
    ...none,
    entry: entry('create-session'),
    kind: 'http',
    secrets: ['pepper', 'tokenKey', 'wechat', 'alipayKey'],
    outboundHttp: true,
    env: [
      ENV.loginMode,
      ENV.wechatAppId,
      ENV.alipayAppId,
      ENV.pepperSecretArn,
      ENV.tokenKeySecretArn,
      ENV.wechatSecretArn,
      ENV.alipayKeySecretArn,
    ],
  },
  'request-code': {
    ...none,
    entry: entry('request-code'),
    kind: 'http',
    tables: { codes: 'readwrite', counters: 'readwrite', cooldowns: 'read' },
    secrets: ['pepper', 'tokenKey', 'carrier'],
    snsPublish: true,
    outboundHttp: true,
    env: [
      ENV.tableCodes,
      ENV.tableCounters,
      ENV.tableCooldowns,
      ENV.carrierEndpoint,
      ENV.globalDailyCodeCap,
      ENV.pepperSecretArn,
      ENV.tokenKeySecretArn,
      ENV.carrierSecretArn,
    ],
  },
  'submit-query': {
    ...none,
    entry: entry('submit-query'),
    kind: 'http',
    tables: { codes: 'readwrite', counters: 'read', cooldowns: 'readwrite', queries: 'readwrite' },
    secrets: ['pepper', 'tokenKey', 'phoneKey', 'carrier'],
    queueSend: true,
    outboundHttp: true,
    env: [
      ENV.tableCodes,
      ENV.tableCounters,
      ENV.tableCooldowns,
      ENV.tableQueries,
      ENV.queueUrl,
      ENV.partners,
      ENV.carrierEndpoint,
      ENV.queryRetentionDays,
      ENV.pepperSecretArn,
      ENV.tokenKeySecretArn,
      ENV.phoneKeySecretArn,
      ENV.carrierSecretArn,
    ],
  },
  'get-query': {
    ...none,
    entry: entry('get-query'),
    kind: 'http',
    tables: { queries: 'read', lookups: 'read' },
    secrets: ['tokenKey'],
    env: [ENV.tableQueries, ENV.tableLookups, ENV.tokenKeySecretArn],
  },
  'partner-result': {
    ...none,
    entry: entry('partner-result'),
    kind: 'http',
    tables: { lookups: 'readwrite' },
    secrets: ['partners'],
    statesTaskResponse: true,
    env: [ENV.tableLookups, ENV.partners],
  },
  'start-lookup': {
    ...none,
    entry: entry('start-lookup'),
    kind: 'queue',
    statesStart: true,
    env: [ENV.stateMachineArn],
  },
  'prepare-lookup': {
    ...none,
    entry: entry('prepare-lookup'),
    kind: 'task',
    tables: { queries: 'readwrite', lookups: 'readwrite' },
    env: [ENV.tableQueries, ENV.tableLookups, ENV.partners, ENV.asyncDeadlineSeconds],
  },
  'call-company': {
    ...none,
    entry: entry('call-company'),
    kind: 'task',
    tables: { queries: 'read', lookups: 'readwrite', counters: 'readwrite' },
    secrets: ['phoneKey', 'partners'],
    statesTaskResponse: true,
    outboundHttp: true,
    env: [
      ENV.tableQueries,
      ENV.tableLookups,
      ENV.tableCounters,
      ENV.partners,
      ENV.callbackBaseUrl,
      ENV.phoneKeySecretArn,
    ],
  },
  'mark-unavailable': {
    ...none,
    entry: entry('mark-unavailable'),
    kind: 'task',
    tables: { lookups: 'readwrite' },
    env: [ENV.tableLookups],
  },
  'send-reply': {
    ...none,
    entry: entry('send-reply'),
    kind: 'task',
    tables: { queries: 'readwrite', lookups: 'readwrite' },
    secrets: ['phoneKey'],
    snsPublish: true,
    env: [ENV.tableQueries, ENV.tableLookups, ENV.phoneKeySecretArn],
  },
  'record-delivery': {
    ...none,
    entry: entry('record-delivery'),
    kind: 'task',
    tables: { queries: 'readwrite' },
    env: [ENV.tableQueries],
  },
  'record-failure': {
    ...none,
    entry: entry('record-failure'),
    kind: 'task',
    tables: { queries: 'readwrite' },
    env: [ENV.tableQueries],
  },
  /** Closes queries their workflow will never close: ended executions (EventBridge) and lookup dead letters (SQS). */
  'close-stranded': {
    ...none,
    entry: entry('close-stranded'),
    kind: 'queue',
    tables: { queries: 'readwrite' },
    env: [ENV.tableQueries],
  },
} satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;
