import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { carrierDirectoryFrom } from './adapters/carriers/http-carrier-directory.ts';
import { serviceClock } from './adapters/clock/system-clock.ts';
import { cryptoRandom } from './adapters/crypto/crypto-random.ts';
import { createKeyring } from './adapters/crypto/keyring.ts';
import { createTokenSigner } from './adapters/crypto/token-signer.ts';
import { createDocumentClient } from './adapters/dynamodb/client.ts';
import { dynamoCodeStore } from './adapters/dynamodb/code-store.ts';
import { dynamoCooldownStore } from './adapters/dynamodb/cooldown-store.ts';
import { dynamoCounterStore } from './adapters/dynamodb/counter-store.ts';
import { dynamoLookupStore } from './adapters/dynamodb/lookup-store.ts';
import { dynamoPartnerRateLimiter } from './adapters/dynamodb/partner-rate-limiter.ts';
import { dynamoQueryStore } from './adapters/dynamodb/query-store.ts';
import { createLogger } from './adapters/logging/json-logger.ts';
import { parseAlipayKeys, realPlatformLogin } from './adapters/login/platform-login.ts';
import { simulatedLogin } from './adapters/login/simulated-login.ts';
import { httpPartnerConnector } from './adapters/partners/http-connector.ts';
import { configuredRegistry } from './adapters/partners/registry.ts';
import { hmacSigner } from './adapters/partners/signing.ts';
import { keyFileSource, secretsManagerSource } from './adapters/secrets/secret-source.ts';
import { sfnTaskTokens } from './adapters/sfn/task-tokens.ts';
import { sfnWorkflowStarter } from './adapters/sfn/workflow-starter.ts';
import { retryRefusedPublishes, snsSmsSender } from './adapters/sns/sms-sender.ts';
import { sqsLookupQueue } from './adapters/sqs/lookup-queue.ts';
import { config, resetConfig } from './config.ts';
import type { RequestCodeDeps } from './use-cases/request-code.ts';
import type { SubmitQueryDeps } from './use-cases/submit-query.ts';

/**
 * The one place where ports meet adapters. Each piece is built on first use and kept for the life
 * of the instance (a Lambda cold start), so a function builds only what its handler needs and
 * reads only the configuration its catalogue entry lists.
 */
function once<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: build() };
    return value.v;
  };
}

function createWiring() {
  const clock = serviceClock;
  const logger = createLogger({ service: 'one-card-check', stage: config.stage() });
  const db = once(() => createDocumentClient(config.region()));
  const secrets = once(() => {
    const file = config.localSecretsFile();
    return file ? keyFileSource(file) : secretsManagerSource();
  });
  const keyring = once(async () => {
    const [pepper, phoneKey] = await Promise.all([secrets().get('pepper'), secrets().get('phoneKey')]);
    return createKeyring({ pepper, phoneKey });
  });
  const pepperOnly = once(async () =>
    createKeyring({ pepper: await secrets().get('pepper'), phoneKey: 'unused' }),
  );
  const registry = once(() => configuredRegistry(config.partners(), secrets()));
  const sfn = once(() => new SFNClient({ region: config.region() }));
  return {
    clock,
    logger,
    random: cryptoRandom,
    signer: hmacSigner,
    keyring,
    /** A keyring for handlers that hash but never touch the stored number (no phone key needed). */
    hashingKeyring: pepperOnly,
    tokens: once(async () => createTokenSigner(await secrets().get('tokenKey'))),
    codes: once(() => dynamoCodeStore(db(), config.tables.codes())),
    counters: once(() => dynamoCounterStore(db(), config.tables.counters())),
    cooldowns: once(() => dynamoCooldownStore(db(), config.tables.cooldowns())),
    queries: once(() => dynamoQueryStore(db(), config.tables.queries())),
    lookups: once(() => dynamoLookupStore(db(), config.tables.lookups())),
    queue: once(() => sqsLookupQueue(new SQSClient({ region: config.region() }), config.queueUrl())),
    starter: once(() => sfnWorkflowStarter(sfn(), config.stateMachineArn())),
    taskTokens: once(() => sfnTaskTokens(sfn())),
    sms: once(() =>
      snsSmsSender(new SNSClient({ region: config.region(), retryStrategy: retryRefusedPublishes() })),
    ),
    carriers: once(() =>
      carrierDirectoryFrom({
        endpoint: config.carrierEndpoint(),
        secret: () => secrets().get('carrier'),
        clock,
      }),
    ),
    login: once(() =>
      config.loginMode() === 'simulated'
        ? simulatedLogin
        : realPlatformLogin({
            wechat: { appId: config.wechatAppId, secret: () => secrets().get('wechat') },
            alipay: {
              appId: config.alipayAppId,
              keys: async () => parseAlipayKeys(await secrets().get('alipayKey')),
            },
            now: () => clock.now(),
            logger,
          }),
    ),
    registry,
    connector: once(() =>
      httpPartnerConnector({
        registry: registry(),
        rateLimiter: dynamoPartnerRateLimiter(db(), config.tables.counters(), { clock }),
        clock,
        logger,
      }),
    ),
  };
}

export type Wiring = ReturnType<typeof createWiring>;

let current: Wiring | undefined;

/** The instance's wiring, built on first use. */
export function wiring(): Wiring {
  current ??= createWiring();
  return current;
}

/**
 * Forgets the wiring and the configuration read so far, as a new cold start would. The local
 * embedded default calls it when it starts the service again with other endpoints.
 */
export function coldStart(): void {
  resetConfig();
  current = undefined;
}

// What each use case receives, assembled from the wiring.

export async function requestCodeDeps(): Promise<RequestCodeDeps> {
  const w = wiring();
  return {
    carriers: w.carriers(),
    codes: w.codes(),
    counters: w.counters(),
    cooldowns: w.cooldowns(),
    sms: w.sms(),
    keyring: await w.hashingKeyring(),
    random: w.random,
    clock: w.clock,
    globalDailyCap: config.globalDailyCodeCap(),
  };
}

export async function submitQueryDeps(): Promise<SubmitQueryDeps> {
  const w = wiring();
  return {
    codes: w.codes(),
    counters: w.counters(),
    carriers: w.carriers(),
    cooldowns: w.cooldowns(),
    queries: w.queries(),
    queue: w.queue(),
    keyring: await w.keyring(),
    random: w.random,
    clock: w.clock,
    companyIds: config.partners().map((partner) => partner.companyId),
    retentionDays: config.queryRetentionDays(),
  };
}

export function companyTaskDeps() {
  const w = wiring();
  return { lookups: w.lookups(), queries: w.queries(), clock: w.clock, logger: w.logger };
}

export function prepareLookupDeps() {
  const w = wiring();
  return {
    ...companyTaskDeps(),
    partner: (companyId: string) => w.registry().find(companyId),
    asyncDeadlineSeconds: config.asyncDeadlineSeconds(),
  };
}

export async function callCompanyDeps() {
  const w = wiring();
  return {
    ...companyTaskDeps(),
    keyring: await w.keyring(),
    connector: w.connector(),
    partner: (companyId: string) => w.registry().find(companyId),
    callbackUrl: (companyId: string) =>
      `${config.callbackBaseUrl()}/v1/partners/${encodeURIComponent(companyId)}/results`,
    tasks: w.taskTokens(),
  };
}
