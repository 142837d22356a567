import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { carrierDirectoryFrom } from './adapters/carriers/http-carrier-directory.ts';
import { systemClock } from './adapters/clock/system-clock.ts';
import { cryptoRandom } from './adapters/crypto/crypto-random.ts';
import { createHasher, createPhoneSealer } from './adapters/crypto/keyring.ts';
import { createTokenSigner } from './adapters/crypto/token-signer.ts';
import { createDocumentClient } from './adapters/dynamodb/client.ts';
import { dynamoCounterStore } from './adapters/dynamodb/counter-store.ts';
import { dynamoLookupStore } from './adapters/dynamodb/lookup-store.ts';
import { dynamoNumberStore } from './adapters/dynamodb/number-store.ts';
import { dynamoPartnerRateLimiter } from './adapters/dynamodb/partner-rate-limiter.ts';
import { dynamoQueryStore } from './adapters/dynamodb/query-store.ts';
import { dynamoSmsOutbox } from './adapters/dynamodb/sms-outbox.ts';
import { lambdaCallbackScheduler } from './adapters/lambda/callback-scheduler.ts';
import { createLogger } from './adapters/logging/json-logger.ts';
import { parseAlipayKeys, realPlatformLogin } from './adapters/login/platform-login.ts';
import { simulatedLogin } from './adapters/login/simulated-login.ts';
import { httpPartnerConnector } from './adapters/partners/http-connector.ts';
import { configuredRegistry } from './adapters/partners/registry.ts';
import { hmacSigner } from './adapters/partners/signing.ts';
import { type SecretSource, secretsManagerSource } from './adapters/secrets/secret-source.ts';
import { sfnTaskTokens } from './adapters/sfn/task-tokens.ts';
import { sfnWorkflowStarter } from './adapters/sfn/workflow-starter.ts';
import { retryRefusedPublishes, snsSmsSender } from './adapters/sns/sms-sender.ts';
import { sqsLookupQueue } from './adapters/sqs/lookup-queue.ts';
import { wechatPushVerifier } from './adapters/wechat/push-verifier.ts';
import {
  BASE_SETTINGS,
  DECLARATIONS,
  type HandlerName,
  PORTS,
  type PortDeclaration,
  type PortName,
  TABLE_SETTINGS,
  type TableName,
} from './catalogue.ts';
import {
  awsRegion,
  lambdaFunctionName,
  type PartnerEntry,
  resetConfig,
  SECRET_SETTINGS,
  type SecretName,
  type SettingName,
  type SettingValues,
  settingsReader,
} from './config.ts';
import type { CarrierDirectory } from './ports/carrier-directory.ts';
import type { Clock } from './ports/clock.ts';
import type { CounterStore } from './ports/counter-store.ts';
import type { Hasher, PhoneSealer } from './ports/keyring.ts';
import type { LogFields, Logger } from './ports/logger.ts';
import type { LookupStore } from './ports/lookup-store.ts';
import type { LookupQueue, SmsOutbox, SmsSender, WorkflowStarter } from './ports/messaging.ts';
import type { NumberStore } from './ports/number-store.ts';
import type { PartnerConnector, PartnerRegistry, RequestSigner } from './ports/partners.ts';
import type { PlatformLogin } from './ports/platform-login.ts';
import type { QueryStore } from './ports/query-store.ts';
import type { Random } from './ports/random.ts';
import type { CallbackScheduler, SimulationWorld } from './ports/simulation.ts';
import type { TaskTokens } from './ports/task-tokens.ts';
import type { TokenSigner } from './ports/tokens.ts';
import type { WechatPushVerifier } from './ports/wechat-pushes.ts';
import { loadScenario, parseScenario } from './sandbox/scenario.ts';

/**
 * The one place where ports meet adapters. A handler asks for {@link dependenciesOf} its name and
 * gets exactly what its declaration in `catalogue.ts` names: those tables, those ports, those
 * settings, plus the clock and the logger. Each piece is built on first use and kept for the life
 * of the instance (a Lambda cold start), so a function builds only what its handler needs, and a
 * port's builder can read only the settings and secrets its own declaration lists (the types say
 * so, and `settingsReader` refuses any other name at run time).
 */

/** The port behind each name of `PORTS`. */
export interface PortTypes {
  tokens: TokenSigner;
  hasher: Hasher;
  sealer: PhoneSealer;
  carriers: CarrierDirectory;
  login: PlatformLogin;
  registry: PartnerRegistry;
  connector: PartnerConnector;
  signer: RequestSigner;
  queue: LookupQueue;
  starter: WorkflowStarter;
  taskTokens: TaskTokens;
  sms: SmsSender;
  outbox: SmsOutbox;
  simulation: SimulationWorld;
  callbacks: CallbackScheduler;
  random: Random;
  wechatPushes: WechatPushVerifier;
}

/** The store behind each table. */
export interface TableTypes {
  /** One item per number: its code, the times of its last codes, its cooldown. */
  codes: NumberStore;
  counters: CounterStore;
  queries: QueryStore;
  lookups: LookupStore;
}

type Declared<H extends HandlerName> = (typeof DECLARATIONS)[H];
type TablesOf<H extends HandlerName> = Declared<H> extends { tables: infer T } ? keyof T & TableName : never;
type PortsOf<H extends HandlerName> =
  Declared<H> extends { ports: readonly (infer P)[] } ? P & PortName : never;
type SettingsOf<H extends HandlerName> =
  Declared<H> extends { settings: readonly (infer S)[] } ? S & SettingName : never;

/** What handler `H` receives: its declared tables and ports by name, its own settings, a clock and a logger. */
export type Dependencies<H extends HandlerName> = { readonly [T in TablesOf<H>]: TableTypes[T] } & {
  readonly [P in PortsOf<H>]: PortTypes[P];
} & {
  readonly settings: Pick<SettingValues, SettingsOf<H>>;
  readonly clock: Clock;
  readonly logger: Logger;
};

type PortSpec<P extends PortName> = (typeof PORTS)[P];
type PortSettingsOf<P extends PortName> =
  PortSpec<P> extends { settings: readonly (infer S)[] } ? S & SettingName : never;
type PortSecretsOf<P extends PortName> = PortSpec<P> extends { secrets: readonly (infer S)[] } ? S : never;
type PortPortsOf<P extends PortName> =
  PortSpec<P> extends { ports: readonly (infer Q)[] } ? Q & PortName : never;
type PortTablesOf<P extends PortName> = PortSpec<P> extends { tables: infer T } ? keyof T & TableName : never;

/** What a port's builder may use: only what the port's own declaration lists. */
interface BuildContext<P extends PortName> {
  settings: Pick<SettingValues, PortSettingsOf<P>>;
  secret(name: Extract<PortSecretsOf<P>, SecretName>): Promise<string>;
  /** A company's signing secret, for a port that declares `partners` among its secrets. */
  partnerSecret: 'partners' extends PortSecretsOf<P> ? (entry: PartnerEntry) => Promise<string> : never;
  port<Q extends PortPortsOf<P>>(name: Q): Promise<PortTypes[Q]>;
  tableName(name: PortTablesOf<P>): string;
  db(): DynamoDBDocumentClient;
  clock: Clock;
  logger: Logger;
}

type Builders = { [P in PortName]: (context: BuildContext<P>) => PortTypes[P] | Promise<PortTypes[P]> };

const BUILDERS: Builders = {
  tokens: async ({ secret }) => createTokenSigner(await secret('tokenKey')),
  hasher: async ({ secret }) => createHasher(await secret('pepper')),
  sealer: async ({ secret }) => createPhoneSealer(await secret('phoneKey')),
  carriers: ({ settings, secret, clock }) =>
    carrierDirectoryFrom({ endpoint: settings.carrierEndpoint, secret: () => secret('carrier'), clock }),
  login: ({ settings, secret, clock, logger }) =>
    settings.loginMode === 'simulated'
      ? simulatedLogin
      : realPlatformLogin({
          wechat: { appId: () => settings.wechatAppId, secret: () => secret('wechat') },
          alipay: {
            appId: () => settings.alipayAppId,
            keys: async () => parseAlipayKeys(await secret('alipayKey')),
          },
          now: () => clock.now(),
          logger,
        }),
  registry: ({ settings, partnerSecret }) => configuredRegistry(settings.partners, partnerSecret),
  connector: async ({ port, tableName, db, clock, logger }) =>
    httpPartnerConnector({
      registry: await port('registry'),
      rateLimiter: dynamoPartnerRateLimiter(db(), tableName('counters'), { clock }),
      clock,
      logger,
    }),
  signer: () => hmacSigner,
  queue: ({ settings }) => sqsLookupQueue(new SQSClient({ region: awsRegion() }), settings.queueUrl),
  starter: ({ settings }) =>
    sfnWorkflowStarter(new SFNClient({ region: awsRegion() }), settings.stateMachineArn),
  taskTokens: () => sfnTaskTokens(new SFNClient({ region: awsRegion() })),
  sms: async ({ settings, secret, db, clock }) => {
    switch (settings.smsGateway) {
      case 'outbox':
        return dynamoSmsOutbox(db(), settings.smsOutboxTable, clock).sender;
      case 'aliyun': {
        const options = settings.smsGatewayOptions;
        const key = JSON.parse(await secret('smsGateway')) as {
          accessKeyId?: string;
          accessKeySecret?: string;
        };
        if (!key.accessKeyId || !key.accessKeySecret)
          throw new Error('the SMS gateway secret lacks accessKeyId or accessKeySecret');
        // Loaded only where this gateway is used: its SDK is large and the other stages never need it.
        const { aliyunSmsSender } = await import('./adapters/aliyun/sms-sender.ts');
        return aliyunSmsSender({
          accessKeyId: key.accessKeyId,
          accessKeySecret: key.accessKeySecret,
          signName: options.signName,
          templates: options.templates,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        });
      }
      default:
        return snsSmsSender(new SNSClient({ region: awsRegion(), retryStrategy: retryRefusedPublishes() }));
    }
  },
  outbox: ({ settings, db, clock }) => dynamoSmsOutbox(db(), settings.smsOutboxTable, clock).outbox,
  simulation: ({ settings, secret, partnerSecret }) => ({
    scenario: settings.sandboxScenario ? parseScenario(settings.sandboxScenario) : loadScenario(undefined),
    carrierSecret: () => secret('carrier'),
    async partnerSecret(companyId) {
      const entry = settings.partners.find((partner) => partner.companyId === companyId);
      return entry ? partnerSecret(entry) : undefined;
    },
  }),
  // Lambda names the running function; the callback is an asynchronous invocation of it.
  callbacks: () => lambdaCallbackScheduler(new LambdaClient({ region: awsRegion() }), lambdaFunctionName),
  random: () => cryptoRandom,
  wechatPushes: async ({ secret }) => wechatPushVerifier(await secret('wechatMessageToken')),
};

/**
 * Items the global daily cap on codes is spread over: each DynamoDB partition key takes about 1,000
 * writes a second, so 10 carry 10,000 code requests a second (docs/scale.md).
 */
const GLOBAL_CAP_SHARDS = 10;

const TABLE_BUILDERS: { [T in TableName]: (db: DynamoDBDocumentClient, table: string) => TableTypes[T] } = {
  codes: dynamoNumberStore,
  counters: (db, table) => dynamoCounterStore(db, table, { shards: GLOBAL_CAP_SHARDS }),
  queries: dynamoQueryStore,
  lookups: dynamoLookupStore,
};

/**
 * What the embedding replaces. On AWS nothing is: secrets come from Secrets Manager and time from
 * the system clock. The local embedded default passes its key file and its movable clock.
 */
export interface Embedding {
  secrets?: SecretSource;
  clock?: Clock;
}

let embedding: Embedding = {};

/** Sets what the embedding replaces (see {@link Embedding}) and starts cold with it. */
export function embed(next: Embedding): void {
  embedding = next;
  coldStart();
}

type BaseLogger = Logger & { child(fields: LogFields): Logger };

interface Instance {
  logger?: BaseLogger;
  db?: DynamoDBDocumentClient;
  secrets?: SecretSource;
  ports: Map<PortName, Promise<unknown>>;
  tables: Map<TableName, unknown>;
  handlers: Map<HandlerName, Promise<unknown>>;
}

const fresh = (): Instance => ({ ports: new Map(), tables: new Map(), handlers: new Map() });
let instance: Instance = fresh();

const clock = (): Clock => embedding.clock ?? systemClock;

/** The instance's logger: every line names the service and the stage. */
export function baseLogger(): BaseLogger {
  instance.logger ??= createLogger({
    service: 'one-card-check',
    stage: settingsReader('every function', BASE_SETTINGS).stage,
  });
  return instance.logger;
}

function db(): DynamoDBDocumentClient {
  instance.db ??= createDocumentClient(awsRegion());
  return instance.db;
}

function secretSource(): SecretSource {
  instance.secrets ??=
    embedding.secrets ??
    secretsManagerSource(
      (name) => settingsReader(`secret ${name}`, [SECRET_SETTINGS[name]])[SECRET_SETTINGS[name]],
      new SecretsManagerClient({ region: awsRegion() }),
    );
  return instance.secrets;
}

function table<T extends TableName>(name: T): TableTypes[T] {
  let store = instance.tables.get(name) as TableTypes[T] | undefined;
  if (!store) {
    const setting = TABLE_SETTINGS[name];
    store = TABLE_BUILDERS[name](db(), settingsReader(`table ${name}`, [setting])[setting]);
    instance.tables.set(name, store);
  }
  return store;
}

function declaredOrThrow<T extends string>(
  scope: string,
  kind: string,
  name: T,
  given: readonly string[],
): T {
  if (!given.includes(name))
    throw new Error(`${scope} uses ${kind} ${name}, which its declaration does not give it`);
  return name;
}

function port<P extends PortName>(name: P): Promise<PortTypes[P]> {
  let built = instance.ports.get(name) as Promise<PortTypes[P]> | undefined;
  if (!built) {
    const spec = PORTS[name] as PortDeclaration;
    const scope = `port ${name}`;
    const secrets = spec.secrets ?? [];
    const context = {
      settings: settingsReader(scope, spec.settings ?? []),
      secret: (secret: SecretName) => secretSource().get(declaredOrThrow(scope, 'secret', secret, secrets)),
      partnerSecret: (entry: PartnerEntry) => {
        declaredOrThrow(scope, 'secret', 'partners', secrets);
        return secretSource().partner(entry);
      },
      port: (inner: PortName) => port(declaredOrThrow(scope, 'port', inner, spec.ports ?? [])),
      tableName: (inner: TableName) => {
        const setting =
          TABLE_SETTINGS[declaredOrThrow(scope, 'table', inner, Object.keys(spec.tables ?? {}))];
        return settingsReader(scope, [setting])[setting];
      },
      db,
      clock: clock(),
      logger: baseLogger(),
    } as unknown as BuildContext<P>;
    built = Promise.resolve().then(() => BUILDERS[name](context));
    // A failed build (a secret that could not be read) is tried again by the next invocation.
    built.catch(() => instance.ports.delete(name));
    instance.ports.set(name, built);
  }
  return built;
}

/**
 * The dependencies of handler `name`, built on first use and kept for the cold start. Rejects when
 * one cannot be built (a missing setting, a secret that cannot be read); the next call tries again.
 */
export function dependenciesOf<H extends HandlerName>(name: H): Promise<Dependencies<H>> {
  let deps = instance.handlers.get(name) as Promise<Dependencies<H>> | undefined;
  if (!deps) {
    const declaration = DECLARATIONS[name] as {
      tables?: object;
      ports?: readonly PortName[];
      settings?: readonly SettingName[];
    };
    deps = (async () => {
      const out: Record<string, unknown> = {
        settings: settingsReader(name, declaration.settings ?? []),
        clock: clock(),
        logger: baseLogger(),
      };
      for (const tableName of Object.keys(declaration.tables ?? {}) as TableName[])
        out[tableName] = table(tableName);
      const ports = declaration.ports ?? [];
      const built = await Promise.all(ports.map((portName) => port(portName)));
      ports.forEach((portName, index) => {
        out[portName] = built[index];
      });
      return out as Dependencies<H>;
    })();
    deps.catch(() => instance.handlers.delete(name));
    instance.handlers.set(name, deps);
  }
  return deps;
}

/**
 * Forgets everything built and every setting read so far, as a new cold start would. The local
 * embedded default and its tests call it after they change the environment.
 */
export function coldStart(): void {
  resetConfig();
  instance = fresh();
}
