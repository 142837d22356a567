import { SECRET_SETTINGS, SETTINGS, type SecretName, type SettingName } from './config.ts';

/**
 * What every Lambda handler needs, declared once per handler. Everything else is derived from
 * these declarations and never written by hand again:
 * - the function's environment (the variables of the settings it reads, `OCC_STAGE` included) and
 *   its IAM grants (`cdk/src/stateless-stack.ts`);
 * - the dependencies the composition builds for it, typed (`composition.ts`): a handler can only
 *   use the tables, ports and settings its declaration names;
 * - the local runner's handler table and environment (`local/`);
 * - the HTTP routes (`routes.ts`), for API Gateway and the local server alike.
 *
 * Adding a setting, a table or a port to a handler is one edit of its entry below. A port
 * (`PORTS`) brings what it needs itself: `carriers` brings the carrier endpoint, its secret and
 * outbound HTTP, so a handler that declares it gets all three.
 */

export type Access = 'read' | 'write' | 'readwrite';
export type TableName = 'codes' | 'counters' | 'queries' | 'lookups';
/**
 * `simulation`: a sandbox simulation (carrier, companies, SMS outbox), deployed only in stages that
 * simulate their partners, each behind its own function URL.
 */
export type HandlerKind = 'http' | 'task' | 'queue' | 'simulation';

/** AWS calls a port makes beyond its tables and secrets; the stack grants each on its one resource. */
export type AwsAction =
  | 'sqs:SendMessage'
  | 'states:StartExecution'
  | 'states:SendTaskSuccess'
  | 'sns:Publish'
  | 'lambda:InvokeFunction';

/** What a port needs, whichever handler uses it. */
export interface PortDeclaration {
  readonly settings?: readonly SettingName[];
  /** Named secrets; `partners` means the signing secret of every company in the registry. */
  readonly secrets?: readonly (SecretName | 'partners')[];
  readonly tables?: Readonly<Partial<Record<TableName, Access>>>;
  /** Other ports it is built from. */
  readonly ports?: readonly string[];
  readonly aws?: readonly AwsAction[];
  /** Calls hosts outside AWS (partners, carrier, platform login). */
  readonly outboundHttp?: boolean;
}

/** The ports a handler may declare, by the name its dependencies carry them under. */
export const PORTS = {
  /** Session tokens: issue and verify (`ports/tokens.ts`). */
  tokens: { secrets: ['tokenKey'] },
  /** Keyed hashing with the pepper: numbers, codes, submissions, session subjects. */
  hasher: { secrets: ['pepper'] },
  /** Seals and opens the stored number with the phone key. */
  sealer: { secrets: ['phoneKey'] },
  /** The carriers' subscriber directory and real-name check, over signed HTTP. */
  carriers: { settings: ['carrierEndpoint'], secrets: ['carrier'], outboundHttp: true },
  /** WeChat / Alipay login (simulated locally). */
  login: {
    settings: ['loginMode', 'wechatAppId', 'alipayAppId'],
    secrets: ['wechat', 'alipayKey'],
    outboundHttp: true,
  },
  /** The partner registry and each company's signing secret. */
  registry: { settings: ['partners'], secrets: ['partners'] },
  /** Signed calls to companies, with the service-wide rate limit kept in the counters table. */
  connector: { ports: ['registry'], tables: { counters: 'readwrite' }, outboundHttp: true },
  /** Signs and checks partner messages (no secret of its own: the registry holds them). */
  signer: {},
  /** Hands an accepted query to the lookup workflow (SQS). */
  queue: { settings: ['queueUrl'], aws: ['sqs:SendMessage'] },
  /** Starts the lookup workflow (Step Functions). */
  starter: { settings: ['stateMachineArn'], aws: ['states:StartExecution'] },
  /** Resumes a lookup workflow task that waits on a task token (Step Functions SendTaskSuccess). */
  taskTokens: { aws: ['states:SendTaskSuccess'] },
  /**
   * Sends SMS through the stage's gateway: SNS, the domestic gateway (its access key secret,
   * signature and template codes) or the sandbox's outbox table. The stack grants only what the
   * stage's gateway uses.
   */
  sms: {
    settings: ['smsGateway', 'smsOutboxTable', 'smsGatewayOptions'],
    secrets: ['smsGateway'],
    aws: ['sns:Publish'],
  },
  /** Reads the sandbox's SMS outbox table. */
  outbox: { settings: ['smsOutboxTable'] },
  /** The sandbox simulations' world and the keys they share with the service (carrier, companies). */
  simulation: { settings: ['sandboxScenario', 'partners'], secrets: ['carrier', 'partners'] },
  /** Runs a simulated company's callback later, as an asynchronous invocation of its own function. */
  callbacks: { aws: ['lambda:InvokeFunction'] },
  /** CSPRNG codes and ids. */
  random: {},
  /** Tells WeChat's signed pushes from others, with the official account's message token. */
  wechatPushes: { secrets: ['wechatMessageToken'] },
} as const satisfies Record<string, PortDeclaration>;

export type PortName = keyof typeof PORTS;

/** One handler: what invokes it and what it needs. */
export interface HandlerDeclaration {
  readonly kind: HandlerKind;
  /** `METHOD /path` route keys (API Gateway syntax); `$default` for the handler of every other request. */
  readonly routes?: readonly string[];
  readonly tables?: Readonly<Partial<Record<TableName, Access>>>;
  readonly ports?: readonly PortName[];
  /** Settings the handler reads itself (its ports bring their own). */
  readonly settings?: readonly SettingName[];
}

/** Every handler; the file is `functions/src/handlers/<name>.ts` and exports `handler`. */
export const DECLARATIONS = {
  'get-health': { kind: 'http', routes: ['GET /v1/health'] },
  fallback: { kind: 'http', routes: ['$default'] },
  'list-companies': { kind: 'http', routes: ['GET /v1/companies'], settings: ['partners'] },
  'create-session': {
    kind: 'http',
    routes: ['POST /v1/sessions'],
    ports: ['login', 'tokens', 'hasher', 'random'],
  },
  'request-code': {
    kind: 'http',
    routes: ['POST /v1/verification-codes'],
    tables: { codes: 'readwrite', counters: 'readwrite' },
    ports: ['tokens', 'carriers', 'sms', 'hasher', 'random'],
    settings: ['globalDailyCodeCap'],
  },
  'submit-query': {
    kind: 'http',
    routes: ['POST /v1/queries'],
    tables: { codes: 'readwrite', queries: 'readwrite' },
    ports: ['tokens', 'carriers', 'queue', 'hasher', 'sealer', 'random'],
    settings: ['partners', 'queryRetentionDays'],
  },
  'list-queries': {
    kind: 'http',
    routes: ['GET /v1/queries'],
    tables: { queries: 'read' },
    ports: ['tokens'],
  },
  'get-query': {
    kind: 'http',
    routes: ['GET /v1/queries/{queryId}'],
    tables: { queries: 'read' },
    ports: ['tokens'],
  },
  'partner-result': {
    kind: 'http',
    routes: ['POST /v1/partners/{companyId}/results'],
    tables: { lookups: 'read', queries: 'readwrite' },
    ports: ['registry', 'signer', 'taskTokens'],
  },
  'start-lookup': { kind: 'queue', ports: ['starter'] },
  'prepare-lookup': {
    kind: 'task',
    tables: { queries: 'readwrite', lookups: 'write' },
    settings: ['partners', 'asyncDeadlineSeconds'],
  },
  'call-company': {
    kind: 'task',
    tables: { queries: 'readwrite' },
    ports: ['sealer', 'registry', 'connector', 'taskTokens'],
    settings: ['callbackBaseUrl'],
  },
  'mark-unavailable': { kind: 'task', tables: { queries: 'readwrite' } },
  'send-reply': { kind: 'task', tables: { queries: 'readwrite' }, ports: ['sealer', 'sms'] },
  'record-delivery': { kind: 'task', tables: { queries: 'readwrite' } },
  'record-failure': { kind: 'task', tables: { queries: 'readwrite' } },
  /** The official account's server URL: WeChat's URL check and pushed messages (docs/api.md). */
  'wechat-messages': {
    kind: 'http',
    routes: ['GET /v1/wechat/messages', 'POST /v1/wechat/messages'],
    ports: ['wechatPushes'],
    settings: ['wechatAppId', 'publicBaseUrl'],
  },
  /** The sandbox's simulated carrier directory, behind its own function URL. */
  'sandbox-carrier': { kind: 'simulation', ports: ['simulation'] },
  /** The sandbox's simulated companies (partner API and signed callbacks), behind their own function URL. */
  'sandbox-companies': { kind: 'simulation', ports: ['simulation', 'callbacks'] },
  /** The sandbox's SMS outbox, readable by the maintainer and `npm run smoke`, behind its own function URL. */
  'sandbox-outbox': { kind: 'simulation', ports: ['outbox'] },
  /** Closes queries their workflow will never close: ended executions (EventBridge) and lookup dead letters (SQS). */
  'close-stranded': { kind: 'queue', tables: { queries: 'readwrite' } },
} as const satisfies Record<string, HandlerDeclaration>;

export type HandlerName = keyof typeof DECLARATIONS;

/** Settings every function reads whatever it declares. */
export const BASE_SETTINGS = ['stage'] as const satisfies readonly SettingName[];

/** The setting that names each table. */
export const TABLE_SETTINGS = {
  codes: 'tableCodes',
  counters: 'tableCounters',
  queries: 'tableQueries',
  lookups: 'tableLookups',
} as const satisfies Record<TableName, SettingName>;

/** A handler with everything its ports bring, resolved: what CDK, the local runner and tests read. */
export interface HandlerSpec {
  name: HandlerName;
  /** Relative to `functions/`. */
  entry: string;
  kind: HandlerKind;
  routes: readonly string[];
  tables: Partial<Record<TableName, Access>>;
  secrets: (SecretName | 'partners')[];
  /** Every setting it may read, sorted: its own, its ports', its tables' names, its secrets' ARNs, the base. */
  settings: SettingName[];
  /** The environment variables of `settings`: exactly what its function's environment holds. */
  env: string[];
  ports: PortName[];
  queueSend: boolean;
  statesStart: boolean;
  /** Completes lookup workflow tasks that wait on a task token. */
  statesTaskResponse: boolean;
  snsPublish: boolean;
  /** Invokes its own function asynchronously (a simulated company's later callback). */
  selfInvoke: boolean;
  outboundHttp: boolean;
}

/** The ports a list of ports is built from, themselves included, each once. */
export function withPortDependencies(ports: readonly PortName[]): PortName[] {
  const out: PortName[] = [];
  const visit = (port: PortName) => {
    if (out.includes(port)) return;
    for (const inner of (PORTS[port] as PortDeclaration).ports ?? []) visit(inner as PortName);
    out.push(port);
  };
  for (const port of ports) visit(port);
  return out;
}

function mergeAccess(a: Access | undefined, b: Access): Access {
  return a === undefined || a === b ? b : 'readwrite';
}

/** Resolves a port's own needs (not those of the ports it is built from). */
export function portSettings(port: PortName): SettingName[] {
  const spec = PORTS[port] as PortDeclaration;
  return [
    ...(spec.settings ?? []),
    ...Object.keys(spec.tables ?? {}).map((table) => TABLE_SETTINGS[table as TableName]),
    ...(spec.secrets ?? []).flatMap((secret): SettingName[] =>
      secret === 'partners' ? [] : [SECRET_SETTINGS[secret]],
    ),
  ];
}

function resolve(name: HandlerName): HandlerSpec {
  const declaration = DECLARATIONS[name] as HandlerDeclaration;
  const ports = withPortDependencies(declaration.ports ?? []);
  const parts: PortDeclaration[] = [declaration, ...ports.map((port) => PORTS[port] as PortDeclaration)];
  const tables: Partial<Record<TableName, Access>> = {};
  for (const part of parts) {
    for (const [table, access] of Object.entries(part.tables ?? {}) as [TableName, Access][]) {
      tables[table] = mergeAccess(tables[table], access);
    }
  }
  const secrets = [...new Set(parts.flatMap((part) => part.secrets ?? []))];
  const aws = new Set(parts.flatMap((part) => part.aws ?? []));
  const settings = [
    ...new Set<SettingName>([
      ...BASE_SETTINGS,
      ...(declaration.settings ?? []),
      ...Object.keys(tables).map((table) => TABLE_SETTINGS[table as TableName]),
      ...ports.flatMap(portSettings),
    ]),
  ].sort();
  return {
    name,
    entry: `src/handlers/${name}.ts`,
    kind: declaration.kind,
    routes: declaration.routes ?? [],
    tables,
    secrets,
    settings,
    env: settings.map((setting) => SETTINGS[setting].env),
    ports,
    queueSend: aws.has('sqs:SendMessage'),
    statesStart: aws.has('states:StartExecution'),
    statesTaskResponse: aws.has('states:SendTaskSuccess'),
    snsPublish: aws.has('sns:Publish'),
    selfInvoke: aws.has('lambda:InvokeFunction'),
    outboundHttp: parts.some((part) => part.outboundHttp === true),
  };
}

/** Every handler resolved, by name. */
export const HANDLERS = Object.fromEntries(
  (Object.keys(DECLARATIONS) as HandlerName[]).map((name) => [name, resolve(name)]),
) as Record<HandlerName, HandlerSpec>;

/** The handler names of one kind, in declaration order. */
export function handlersOf(kind: HandlerKind): HandlerName[] {
  return (Object.keys(HANDLERS) as HandlerName[]).filter((name) => HANDLERS[name].kind === kind);
}
