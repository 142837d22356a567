import {
  type Access,
  HANDLERS,
  type HandlerName,
  type HandlerSpec,
  handlersOf,
  TABLE_SETTINGS,
} from '@occ/functions/catalogue.ts';
import { type PartnerEntry, SETTINGS, type SettingName } from '@occ/functions/config.ts';
import { FALLBACK_HANDLER, ROUTES } from '@occ/functions/routes.ts';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  type CfnRoute,
  type CfnStage,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { CostBudget } from './constructs/cost-budget.ts';
import { Observability } from './constructs/observability.ts';
import { OccFunction, type OccFunctionProps } from './constructs/occ-function.ts';
import { SmokeCheck } from './constructs/smoke-check.ts';
import { WechatMenu } from './constructs/wechat-menu.ts';
import { stackInstanceId } from './instance-names.ts';
import { acknowledge } from './nag.ts';
import { pascal } from './names.ts';
import { h5BaseUrl, stageMenu } from './official-account.ts';
import { partitionOf, regionalServiceHost } from './partition.ts';
import { assertStage, SIMULATED, type StageConfig } from './stages.ts';
import type { StatefulStack } from './stateful-stack.ts';
import { TABLES, type TableName } from './tables.ts';
import {
  LOOKUP_WORKFLOW_TASKS,
  type LookupWorkflowVariable,
  readLookupDefinitionText,
} from './workflow/index.ts';

/** DynamoDB actions per access level in the declarations: single-item reads and writes, no scans, no transactions. */
export const TABLE_ACTIONS: Record<'read' | 'write', string[]> = {
  read: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  write: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
};

/** What DynamoDB needs from the caller to use the customer-managed table key. */
export const TABLE_KEY_ACTIONS: Record<'read' | 'write', string[]> = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  write: ['kms:Encrypt', 'kms:GenerateDataKey'],
};

export function tableActions(access: Access): { table: string[]; key: string[] } {
  const levels: ('read' | 'write')[] = access === 'readwrite' ? ['read', 'write'] : [access];
  return {
    table: levels.flatMap((level) => TABLE_ACTIONS[level]).sort(),
    key: [...new Set(['kms:Decrypt', ...levels.flatMap((level) => TABLE_KEY_ACTIONS[level])])].sort(),
  };
}

/** The execution statuses after which no state of the workflow will close the query any more. */
export const STRANDING_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
  stateful: StatefulStack;
}

/** Setting values only known once the API and the state machine exist. */
type LateSetting = 'callbackBaseUrl' | 'stateMachineArn';

/**
 * What can be replaced at any time: the functions (one per declared handler, each with its own role),
 * the HTTP API, the lookup workflow and the starter that feeds it, and the alarms and dashboard.
 */
export class StatelessStack extends Stack {
  readonly functions = {} as Record<HandlerName, OccFunction>;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly stateMachine: StateMachine;
  /** Sends the lookup workflow's FAILED, TIMED_OUT and ABORTED executions to `close-stranded`. */
  readonly strandedQueryRule: Rule;
  /** Ended executions that `close-stranded` could not be given or could not close, kept for a person. */
  readonly strandedDeadLetterQueue: Queue;
  readonly observability: Observability;
  /** The stage's monthly cost budget, notifying the alarm topic. */
  readonly costBudget: CostBudget;
  /** The alarm `npm run smoke` forces into ALARM, and the queue where it sees the notification. */
  readonly smokeCheck: SmokeCheck;
  /** The function URLs of the sandbox simulations, where the stage deploys them. */
  readonly simulationUrls: { carrier: FunctionUrl; companies: FunctionUrl; outbox?: FunctionUrl } | undefined;
  /** Publishes the official account's menu on deploy, for a stage whose configuration enables it. */
  readonly wechatMenu?: WechatMenu;
  private readonly config: StageConfig;
  private readonly stateful: StatefulStack;
  private readonly settingValues: Partial<Record<SettingName, string>>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    assertStage(config);
    this.config = config;
    this.stateful = stateful;
    this.settingValues = this.knownSettings();

    // The simulations first: their URLs are the carrier and company endpoints of a simulated stage.
    this.simulationUrls = config.simulation ? this.createSimulations() : undefined;

    // The API first: its URL is the base of the partners' callback URLs that task functions read.
    for (const name of handlersOf('http')) this.addFunction(name);
    const { api, stage } = this.createApi();
    this.api = api;
    this.stage = stage;
    this.settingValues.callbackBaseUrl = stage.url;

    for (const name of handlersOf('task')) this.addFunction(name);
    this.stateMachine = this.createStateMachine();
    this.settingValues.stateMachineArn = this.stateMachine.stateMachineArn;

    const starter = this.addFunction('start-lookup');
    starter.function.addEventSource(
      new SqsEventSource(stateful.lookupQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        maxConcurrency: config.queue.consumerConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    const { rule, deadLetterQueue } = this.createStrandedQueryCloser();
    this.strandedQueryRule = rule;
    this.strandedDeadLetterQueue = deadLetterQueue;
    for (const name of handlersOf('queue')) {
      if (!this.functions[name]) throw new Error(`queue handler ${name} has no event source in the stack`);
    }

    this.observability = new Observability(this, 'Observability', {
      config,
      functions: this.functions,
      api: this.api,
      stateMachine: this.stateMachine,
      queue: stateful.lookupQueue,
      deadLetterQueue: stateful.lookupDeadLetterQueue,
      dataKey: stateful.dataKey,
      strandedDeadLetterQueue: this.strandedDeadLetterQueue,
    });

    if (config.officialAccount.publishMenu) {
      this.wechatMenu = new WechatMenu(this, 'WechatMenu', {
        config,
        menu: stageMenu(config),
        officialAccountSecret: stateful.officialAccountSecret,
        dataKey: stateful.dataKey,
        logsKey: stateful.logsKey,
      });
    }

    this.costBudget = new CostBudget(this, 'CostBudget', { config, topic: this.observability.topic });
    this.smokeCheck = new SmokeCheck(this, 'SmokeCheck', { config, topic: this.observability.topic });

    // The API endpoint without the stage URL's trailing slash, so `<ApiUrl>/v1/...` has one slash.
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint, description: 'Base URL of the public API' });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    if (this.simulationUrls) {
      const { carrier, companies, outbox } = this.simulationUrls;
      if (outbox) {
        new CfnOutput(this, 'OutboxUrl', {
          value: outbox.url,
          description: 'The SMS the stage sent, by number: GET <OutboxUrl>?phone=13800138000',
        });
      }
      new CfnOutput(this, 'CarrierUrl', {
        value: carrier.url,
        description: 'The simulated carrier directory',
      });
      new CfnOutput(this, 'CompaniesUrl', { value: companies.url, description: 'The simulated companies' });
    }
  }

  /**
   * The sandbox simulations (`kind: 'simulation'` declarations): the carrier directory, the
   * companies and, where SMS go to the outbox, the outbox reader, each behind its own function URL. The carrier and the companies
   * check the service's signatures themselves, as the real parties do, so the URLs take no AWS
   * authorization; the outbox lists only the stage's simulated numbers. Every `SIMULATED`
   * endpoint of the stage is pointed at them.
   */
  private createSimulations(): { carrier: FunctionUrl; companies: FunctionUrl; outbox?: FunctionUrl } {
    const urlOf = (name: HandlerName) => {
      // No AWS authorization (see above); cdk-nag has no rule on function URLs to acknowledge.
      return this.addFunction(name).function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    };
    const urls = {
      carrier: urlOf('sandbox-carrier'),
      companies: urlOf('sandbox-companies'),
      // The outbox only where SMS go to it; a stage that sends real SMS has none to read.
      ...(this.stateful.outboxTable ? { outbox: urlOf('sandbox-outbox') } : {}),
    };
    // From here on, functions are given the simulations' URLs as their partner and carrier endpoints.
    this.settingValues.partners = this.partnersJson(
      (companyId) => `${urls.companies.url}companies/${companyId}`,
    );
    if (this.config.carrier.endpoint === SIMULATED) this.settingValues.carrierEndpoint = urls.carrier.url;
    return urls;
  }

  /** The partner registry as the functions read it, `SIMULATED` endpoints resolved by `simulated`. */
  private partnersJson(simulated: (companyId: string) => string = () => SIMULATED): string {
    const partners: PartnerEntry[] = this.config.partners.map((partner) => ({
      companyId: partner.companyId,
      endpoint: partner.endpoint === SIMULATED ? simulated(partner.companyId) : partner.endpoint,
      mode: partner.mode,
      timeoutMs: partner.timeoutMs,
      maxAttempts: partner.maxAttempts,
      ratePerSecond: partner.ratePerSecond,
      maxConcurrency: partner.maxConcurrency,
      secretArn: this.partnerSecret(partner.companyId).secretArn,
    }));
    return this.toJsonString(partners);
  }

  /**
   * Every setting a declaration may name, valued for this stage, except the two that need the API
   * and the state machine first. The type makes a new setting a compile error here until the
   * stack gives it a value.
   */
  private knownSettings(): Omit<Record<SettingName, string>, LateSetting> {
    const { config, stateful } = this;
    const tables = Object.fromEntries(
      TABLES.map((spec) => [TABLE_SETTINGS[spec.logicalName], stateful.tables[spec.logicalName].tableName]),
    ) as Record<(typeof TABLE_SETTINGS)[TableName], string>;
    return {
      ...tables,
      stage: config.stage,
      queueUrl: stateful.lookupQueue.queueUrl,
      // Until the simulations exist, a SIMULATED endpoint stays as it is (the simulations themselves read only secrets from it).
      partners: this.partnersJson(),
      carrierEndpoint: config.carrier.endpoint,
      loginMode: config.login.mode,
      wechatAppId: config.login.wechatAppId,
      alipayAppId: config.login.alipayAppId,
      globalDailyCodeCap: String(config.globalDailyCodeCap),
      queryRetentionDays: String(config.queryRetentionDays),
      asyncDeadlineSeconds: String(config.asyncDeadlineSeconds),
      pepperSecretArn: stateful.secrets.pepper.secretArn,
      tokenKeySecretArn: stateful.secrets.tokenKey.secretArn,
      phoneKeySecretArn: stateful.secrets.phoneKey.secretArn,
      carrierSecretArn: stateful.secrets.carrier.secretArn,
      wechatSecretArn: stateful.secrets.wechat.secretArn,
      alipayKeySecretArn: stateful.secrets.alipayKey.secretArn,
      smsGateway: config.sms.gateway,
      smsGatewaySecretArn: stateful.secrets.smsGateway?.secretArn ?? '',
      smsGatewayOptions:
        config.sms.gateway === 'aliyun'
          ? JSON.stringify({ signName: config.sms.signName, templates: config.sms.templates })
          : '',
      smsOutboxTable: stateful.outboxTable?.tableName ?? '',
      sandboxScenario: config.simulation ? JSON.stringify(config.simulation.scenario) : '',
      wechatMessageTokenSecretArn: stateful.secrets.wechatMessageToken.secretArn,
      // Without a domain the stage has no public H5 app; replies then point to the menu only.
      publicBaseUrl: config.domain ? h5BaseUrl(config) : '',
    };
  }

  private partnerSecret(companyId: string) {
    const secret = this.stateful.partnerSecrets[companyId];
    if (!secret) throw new Error(`no partner secret for ${companyId}`);
    return secret;
  }

  /** Creates a handler's function with exactly the variables and permissions its declaration derives. */
  private addFunction(name: HandlerName, extra: Pick<OccFunctionProps, 'asyncFailures'> = {}): OccFunction {
    const spec: HandlerSpec = HANDLERS[name];
    const environment: Record<string, string> = {};
    for (const setting of spec.settings) {
      const value = this.settingValues[setting];
      if (value === undefined)
        throw new Error(`${name} reads ${setting}, which the stack cannot give before ${name} exists`);
      environment[SETTINGS[setting].env] = value;
    }
    const fn = new OccFunction(this, pascal(name), {
      handlerName: name,
      spec,
      environment,
      config: this.config,
      logsKey: this.stateful.logsKey,
      ...extra,
    });
    this.functions[name] = fn;
    this.grantFromDeclaration(fn, name, spec);
    return fn;
  }

  private grantFromDeclaration(fn: OccFunction, name: HandlerName, spec: HandlerSpec): void {
    const { stateful } = this;
    const role = fn.role;
    const region = this.region;

    const tableKeyActions = new Set<string>();
    for (const [tableName, access] of Object.entries(spec.tables) as [TableName, Access][]) {
      const table = stateful.tables[tableName];
      const tableSpec = TABLES.find((candidate) => candidate.logicalName === tableName);
      const actions = tableActions(access);
      const indexArns = (tableSpec?.globalSecondaryIndexes ?? []).map(
        (index) => `${table.tableArn}/index/${index.indexName}`,
      );
      role.addToPolicy(
        new PolicyStatement({
          sid: `${pascal(tableName)}Table${pascal(access)}`,
          actions: actions.table,
          resources: access === 'write' ? [table.tableArn] : [table.tableArn, ...indexArns],
        }),
      );
      for (const action of actions.key) tableKeyActions.add(action);
    }
    if (tableKeyActions.size > 0) {
      role.addToPolicy(
        new PolicyStatement({
          sid: 'DataKeyThroughDynamoDb',
          actions: [...tableKeyActions].sort(),
          resources: [stateful.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': regionalServiceHost('dynamodb', region) } },
        }),
      );
    }

    const secretArns = spec.secrets.flatMap((secret) =>
      secret === 'partners'
        ? this.config.partners.map((partner) => this.partnerSecret(partner.companyId).secretArn)
        : // A secret the stage has not (the domestic gateway's key outside the China stage) is not granted.
          [stateful.secrets[secret]?.secretArn].filter((arn): arn is string => arn !== undefined),
    );
    if (secretArns.length > 0) {
      role.addToPolicy(
        new PolicyStatement({
          sid: 'ReadSecrets',
          actions: ['secretsmanager:GetSecretValue'],
          resources: secretArns,
        }),
      );
      role.addToPolicy(
        new PolicyStatement({
          sid: 'DataKeyThroughSecretsManager',
          actions: ['kms:Decrypt'],
          resources: [stateful.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': regionalServiceHost('secretsmanager', region) } },
        }),
      );
    }

    if (spec.queueSend) {
      role.addToPolicy(
        new PolicyStatement({
          sid: 'EnqueueLookups',
          actions: ['sqs:SendMessage'],
          resources: [stateful.lookupQueue.queueArn],
        }),
      );
      role.addToPolicy(
        new PolicyStatement({
          sid: 'DataKeyThroughSqs',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [stateful.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': regionalServiceHost('sqs', region) } },
        }),
      );
    }

    if (spec.statesStart) {
      // The starter is created after the state machine it starts, so its ARN is known here.
      role.addToPolicy(
        new PolicyStatement({
          sid: 'StartLookupWorkflow',
          actions: ['states:StartExecution'],
          resources: [this.settingValues.stateMachineArn ?? missing(name, 'state machine')],
        }),
      );
    }

    const outboxTable = this.stateful.outboxTable;
    const outboxAccess: string[] = [
      ...(spec.ports.includes('sms') && this.config.sms.gateway === 'outbox' ? ['dynamodb:PutItem'] : []),
      ...(spec.ports.includes('outbox') ? ['dynamodb:Query'] : []),
    ];
    if (outboxAccess.length > 0) {
      if (!outboxTable)
        throw new Error(`${name} uses the SMS outbox, which stage ${this.config.stage} has not`);
      role.addToPolicy(
        new PolicyStatement({ sid: 'SmsOutbox', actions: outboxAccess, resources: [outboxTable.tableArn] }),
      );
      role.addToPolicy(
        new PolicyStatement({
          sid: 'DataKeyThroughDynamoDbForOutbox',
          actions: outboxAccess.includes('dynamodb:PutItem')
            ? ['kms:Decrypt', 'kms:GenerateDataKey']
            : ['kms:Decrypt'],
          resources: [stateful.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': regionalServiceHost('dynamodb', region) } },
        }),
      );
    }

    if (spec.selfInvoke) {
      // Its own ARN from its name: naming the function's attribute would make the role depend on it.
      role.addToPolicy(
        new PolicyStatement({
          sid: 'InvokeItselfLater',
          actions: ['lambda:InvokeFunction'],
          resources: [
            this.formatArn({
              service: 'lambda',
              resource: 'function',
              resourceName: `${this.config.prefix}-${name}`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }

    if (spec.statesTaskResponse) {
      // Task functions exist before the state machine that invokes them, so its ARN is built from
      // its name here: naming the resource itself would make the two depend on each other.
      role.addToPolicy(
        new PolicyStatement({
          sid: 'ResumeLookupTasks',
          actions: ['states:SendTaskSuccess'],
          resources: [
            this.formatArn({
              service: 'states',
              resource: 'stateMachine',
              resourceName: lookupWorkflowName(this.config.prefix),
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }

    // SNS is granted only where SNS sends the stage's SMS.
    if (spec.snsPublish && this.config.sms.gateway === 'sns') {
      role.addToPolicy(new PolicyStatement({ sid: 'SendSms', actions: ['sns:Publish'], resources: ['*'] }));
      acknowledge(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'sns:Publish straight to a phone number has no resource ARN to name; AWS requires Resource "*" for SMS. The role may publish and nothing else in SNS.',
      );
    }
  }

  /**
   * `close-stranded` and what feeds it: an EventBridge rule on the lookup workflow's executions that
   * ended FAILED, TIMED_OUT or ABORTED (a query no state will close any more), and the lookup
   * dead-letter queue (a query whose lookup never started). An event EventBridge cannot deliver,
   * or one the function still fails on after Lambda's retries, lands in its own dead-letter queue.
   */
  private createStrandedQueryCloser(): { rule: Rule; deadLetterQueue: Queue } {
    const { config, stateful } = this;
    // SQS-managed encryption: the events hold a query id, ARNs and error names, no personal data,
    // and EventBridge can write to it without a grant in the customer-managed data key's policy.
    const deadLetterQueue = new Queue(this, 'StrandedDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    });
    const closer = this.addFunction('close-stranded', {
      asyncFailures: { deadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(6) },
    });
    closer.function.addEventSource(
      new SqsEventSource(stateful.lookupDeadLetterQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        maxConcurrency: 2,
        reportBatchItemFailures: true,
      }),
    );
    const rule = new Rule(this, 'StrandedQueryRule', {
      ruleName: `${config.prefix}-stranded-queries`,
      description: 'Lookup executions that ended without closing their query: close-stranded closes it',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [this.stateMachine.stateMachineArn],
          status: STRANDING_STATUSES,
        },
      },
    });
    rule.addTarget(
      new LambdaFunction(closer.function, {
        deadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );
    return { rule, deadLetterQueue };
  }

  private createApi(): { api: HttpApi; stage: HttpStage } {
    const { config } = this;
    const integration = (name: HandlerName) =>
      new HttpLambdaIntegration(`${pascal(name)}Integration`, this.functions[name].function);

    const api = new HttpApi(this, 'Api', {
      apiName: `${config.prefix}-api`,
      description: 'One Card Check public API and partner callback (docs/api.md)',
      createDefaultStage: false,
      // Unknown routes and wrong methods reach the fallback function, which answers 404 or 405 as docs/api.md says.
      defaultIntegration: integration(FALLBACK_HANDLER),
      corsPreflight: {
        allowOrigins: config.api.allowedOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'accept-language', 'x-request-id'],
        exposeHeaders: ['x-request-id', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });
    const routes = ROUTES.flatMap((route) =>
      api.addRoutes({
        path: route.path,
        methods: [route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST],
        integration: integration(route.handler),
      }),
    );
    const defaultRoute = api.node.tryFindChild('DefaultRoute');
    for (const route of defaultRoute ? [...routes, defaultRoute] : routes) {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        'Authorization is checked by the functions: docs/api.md orders the checks route, method, then token (an authorizer would answer 401 before 404/405), and sessions, health, companies and the signed partner callback are public by contract.',
      );
    }

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/occ/${config.stage}/${stackInstanceId()}/api/access`,
      retention: config.logRetention,
      encryptionKey: this.stateful.logsKey,
      removalPolicy: config.removalPolicy,
    });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.rateLimit, burstLimit: config.api.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No body, no query string, no headers: nothing a citizen typed reaches the access log.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    // The L2 stage has no per-route settings; each key must name a route that exists first.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(config.api.routeLimits).map(([routeKey, limits]) => [
        routeKey,
        // A JSON map passed to CloudFormation as is, hence the CloudFormation property names.
        { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit },
      ]),
    );
    for (const routeKey of Object.keys(config.api.routeLimits)) {
      const route = routes.find(
        (candidate) => (candidate.node.defaultChild as CfnRoute).routeKey === routeKey,
      );
      if (!route) throw new Error(`route limits name ${routeKey}, which is not a route`);
      stage.node.addDependency(route);
    }

    if (config.domain) {
      // The stage's HTTPS domain, the one WeChat and Alipay whitelist: the API at https://<domain>/v1.
      const domainName = new DomainName(this, 'ApiDomain', {
        domainName: config.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', config.domain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'ApiDomainMapping', { api, domainName, stage });
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domainName.regionalDomainName,
        description: `Point ${config.domain.name} at this name (CNAME, or an alias record in Route 53)`,
      });
    }

    return { api, stage };
  }

  private createStateMachine(): StateMachine {
    const { config } = this;
    const definitionSubstitutions = Object.fromEntries(
      (Object.entries(LOOKUP_WORKFLOW_TASKS) as [LookupWorkflowVariable, HandlerName][]).map(
        ([variable, handler]) => [variable, this.functions[handler].function.functionArn],
      ),
    );
    const logGroup = new LogGroup(this, 'WorkflowLogs', {
      // Step Functions delivers through vended logs; this prefix keeps log resource policies small.
      logGroupName: `/aws/vendedlogs/states/${config.prefix}-${stackInstanceId()}-lookup`,
      retention: config.logRetention,
      encryptionKey: this.stateful.logsKey,
      removalPolicy: config.removalPolicy,
    });
    const stateMachine = new StateMachine(this, 'LookupWorkflow', {
      stateMachineName: lookupWorkflowName(config.prefix),
      stateMachineType: StateMachineType.STANDARD,
      // The same file the local runner executes, inlined so the template carries the definition itself.
      definitionBody: DefinitionBody.fromString(
        // The file names service integrations in the aws partition (the local runner reads it so);
        // the China regions take the same integrations under aws-cn.
        readLookupDefinitionText().replaceAll(
          'arn:aws:states:::',
          `arn:${partitionOf(config.region)}:states:::`,
        ),
      ),
      definitionSubstitutions,
      // Every event is logged, without inputs and outputs: they hold per-company counts of one citizen's query.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      // Step Functions in the China regions lacks only HTTPS tasks (docs.amazonaws.cn), not tracing.
      tracingEnabled: true,
    });
    stateMachine.addToRolePolicy(
      new PolicyStatement({
        sid: 'InvokeTaskFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(LOOKUP_WORKFLOW_TASKS).map(
          (handler) => this.functions[handler as HandlerName].function.functionArn,
        ),
      }),
    );
    acknowledge(
      stateMachine.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and CloudWatch Logs vended delivery (CreateLogDelivery and friends) support no resource-level permissions; AWS requires Resource "*" for them.',
    );
    return stateMachine;
  }
}

function lookupWorkflowName(prefix: string): string {
  return `${prefix}-lookup`;
}

function missing(name: string, what: string): never {
  throw new Error(`${name} needs the ${what}, which does not exist yet`);
}
