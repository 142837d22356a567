import { HANDLERS, type HandlerName } from '@occ/functions/catalogue.ts';
import { ENV } from '@occ/functions/config.ts';
import { METRIC_SERVICE, METRICS, type MetricName } from '@occ/functions/metrics.ts';
import { FALLBACK_HANDLER, ROUTES } from '@occ/functions/routes.ts';
import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { serviceMetric } from '../src/constructs/observability.ts';
import type { StageName } from '../src/stages.ts';
import {
  allStatements,
  asList,
  resourcesOfType,
  type Statement,
  snsSms,
  synthStage,
} from './support/synth.ts';

const STAGE_NAMES: StageName[] = ['dev', 'prod'];
/** Functions invoked asynchronously, whose failed events Lambda sends to a dead-letter queue. */
const ASYNC_DEAD_LETTERS: Partial<Record<HandlerName, true>> = { 'close-stranded': true };
const HANDLER_NAMES = Object.keys(HANDLERS) as HandlerName[];

/** Written out here rather than imported, so a change to the stack's mapping has to be made twice. */
const TABLE_ACTIONS = {
  read: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  write: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  readwrite: [
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ],
};

describe.each(STAGE_NAMES)('StatelessStack (%s)', (stage) => {
  // The functions this stage deploys: every declared handler, the simulations only where the stage simulates its partners.
  const DEPLOYED = HANDLER_NAMES.filter((name) => name in synthStage(stage).stateless.functions);
  const { config, stateful, stateless, statelessTemplate: template } = synthStage(stage);
  const logicalId = (construct: { node: { defaultChild?: unknown } }, stack: Stack = stateless) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const statefulId = (construct: { node: { defaultChild?: unknown } }) => logicalId(construct, stateful);
  const refersTo = (value: unknown, id: string) => JSON.stringify(value).includes(id);
  const resources = template.toJSON().Resources as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: assertions walk CloudFormation JSON of every shape
    { Type: string; Properties: Record<string, any> }
  >;

  /** The Allow statements of the policies attached to a function's role. */
  const grantsOf = (name: HandlerName): Statement[] => {
    const roleId = logicalId(stateless.functions[name].role);
    return Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .filter((policy) => asList(policy.Properties.Roles).some((role) => refersTo(role, roleId)))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  };

  it.each(DEPLOYED)('runs %s on nodejs22.x arm64 with its own role and an encrypted log group', (name) => {
    const fn = stateless.functions[name];
    const props = resources[logicalId(fn.function)]?.Properties ?? {};
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.FunctionName).toBe(`${config.prefix}-${name}`);
    expect(refersTo(props.Role, logicalId(fn.role))).toBe(true);
    expect(refersTo(props.LoggingConfig, logicalId(fn.logGroup))).toBe(true);
    const logGroup = resources[logicalId(fn.logGroup)]?.Properties ?? {};
    expect(JSON.stringify(logGroup.LogGroupName)).toMatch(
      new RegExp(
        `^\\{"Fn::Join":\\["",\\["/occ/${config.stage}/",.*AWS::StackId.*,"/lambda/${name}"\\]\\]\\}$`,
      ),
    );
    expect(refersTo(logGroup.KmsKeyId, statefulId(stateful.logsKey))).toBe(true);
    expect(logGroup.RetentionInDays).toBe(config.logRetention);
  });

  it('deploys the sandbox simulations only where the stage simulates its partners, and the outbox only where SMS go to it', () => {
    const simulations = DEPLOYED.filter((name) => HANDLERS[name].kind === 'simulation').sort();
    expect(simulations).toEqual(config.simulation ? ['sandbox-carrier', 'sandbox-companies'] : []);
  });

  it('gives no two functions the same role', () => {
    const roles = DEPLOYED.map((name) =>
      JSON.stringify(resources[logicalId(stateless.functions[name].function)]?.Properties.Role),
    );
    expect(new Set(roles).size).toBe(DEPLOYED.length);
  });

  it.each(DEPLOYED)('passes %s exactly the variables its declaration derives', (name) => {
    const props = resources[logicalId(stateless.functions[name].function)]?.Properties ?? {};
    const variables = Object.keys(props.Environment?.Variables ?? {}).sort();
    expect(variables).toEqual([...HANDLERS[name].env, 'NODE_OPTIONS'].sort());
    expect(props.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it.each(DEPLOYED)('tells %s its stage, so its log lines name it', (name) => {
    const props = resources[logicalId(stateless.functions[name].function)]?.Properties ?? {};
    expect(props.Environment.Variables[ENV.stage]).toBe(config.stage);
  });

  it.each(DEPLOYED)(
    'grants %s only the tables, keys, secrets and actions its declaration derives',
    (name) => {
      const spec = HANDLERS[name];
      const grants = grantsOf(name);
      const actionsOn = (id: string) =>
        grants
          .filter((statement) => refersTo(statement.Resource, id))
          .flatMap((statement) => asList(statement.Action))
          .sort();

      // Tables: exactly the access level, and no table it does not list.
      for (const [tableName, table] of Object.entries(stateful.tables)) {
        const access = spec.tables[tableName as keyof typeof spec.tables];
        expect(actionsOn(statefulId(table)), `${name} on ${tableName}`).toEqual(
          access ? TABLE_ACTIONS[access] : [],
        );
      }
      // Secrets: exactly the named ones (and every partner's when it lists `partners`).
      const expectedSecrets = spec.secrets.flatMap((secret) =>
        secret === 'partners' ? Object.values(stateful.partnerSecrets) : [stateful.secrets[secret]],
      );
      const allSecrets = [...Object.values(stateful.secrets), ...Object.values(stateful.partnerSecrets)];
      for (const secret of allSecrets) {
        expect(actionsOn(statefulId(secret)), `${name} on ${secret.node.id}`).toEqual(
          expectedSecrets.includes(secret) ? ['secretsmanager:GetSecretValue'] : [],
        );
      }
      // Data key: only through the services the function uses.
      const viaServices = grants
        .filter((statement) => refersTo(statement.Resource, statefulId(stateful.dataKey)))
        .map((statement) => String(Object.values(statement.Condition?.StringEquals ?? {})[0]).split('.')[0])
        .sort();
      const expectedVia = [
        ...(Object.keys(spec.tables).length > 0 ? ['dynamodb'] : []),
        ...(spec.secrets.length > 0 ? ['secretsmanager'] : []),
        ...(spec.queueSend ? ['sqs'] : []),
      ];
      if (spec.kind === 'queue') {
        // The SQS event source decrypts the messages it receives (added by the event source, unconditioned).
        expect(viaServices.filter((via) => via !== 'undefined')).toEqual(expectedVia.sort());
      } else {
        expect(viaServices).toEqual(expectedVia.sort());
      }

      const actions = new Set(grants.flatMap((statement) => asList(statement.Action)));
      // A function invoked asynchronously may also send its failed events to its own dead-letter queue.
      expect(actions.has('sqs:SendMessage')).toBe(spec.queueSend || name in ASYNC_DEAD_LETTERS);
      expect(actions.has('states:StartExecution')).toBe(spec.statesStart);
      expect(actions.has('states:SendTaskSuccess')).toBe(spec.statesTaskResponse);
      expect(actions.has('sns:Publish')).toBe(spec.snsPublish);
      expect(actions.has('sqs:ReceiveMessage')).toBe(spec.kind === 'queue');
      expect(actions.has('lambda:InvokeFunction')).toBe(spec.selfInvoke);

      // Nothing else: every action belongs to one of the families above.
      const allowed =
        /^(logs:(CreateLogStream|PutLogEvents)|dynamodb:|kms:|secretsmanager:GetSecretValue$|sqs:|states:(StartExecution|SendTaskSuccess)$|sns:Publish$|lambda:InvokeFunction$)/;
      for (const action of actions) expect(action, `${name} may ${action}`).toMatch(allowed);
      const logStatement = grants.find((statement) => statement.Sid === 'WriteOwnLogs');
      expect(refersTo(logStatement?.Resource, logicalId(stateless.functions[name].logGroup))).toBe(true);
    },
  );

  it('lets the starter start only the lookup workflow', () => {
    const start = grantsOf('start-lookup').find((statement) =>
      asList(statement.Action).includes('states:StartExecution'),
    );
    expect(refersTo(start?.Resource, logicalId(stateless.stateMachine))).toBe(true);
  });

  it('lets the task functions resume only tasks of the lookup workflow', () => {
    for (const name of ['call-company', 'partner-result'] as const) {
      const resume = grantsOf(name).find((statement) =>
        asList(statement.Action).includes('states:SendTaskSuccess'),
      );
      expect(asList(resume?.Action), name).toEqual(['states:SendTaskSuccess']);
      // Built from the state machine's name (naming the resource would make the function and the
      // machine depend on each other): this stack's region and account, that machine exactly.
      expect(resume?.Resource, name).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            `:states:${stateless.region}:${stateless.account}:stateMachine:${config.prefix}-lookup`,
          ],
        ],
      });
    }
  });

  it('has no wildcard action in any Allow, and a wildcard resource only for APIs that require one', () => {
    const statements = [...allStatements(template), ...allStatements(synthStage(stage).statefulTemplate)];
    expect(statements.length).toBeGreaterThan(50);
    for (const { resource, statement } of statements) {
      const actions = asList(statement.Action);
      if (statement.Effect === 'Allow') {
        for (const action of actions) expect(action, `${resource} allows ${action}`).not.toContain('*');
      } else {
        // A Deny may be broad: the TLS-only guards that cdk-nag requires in queue policies.
        expect(statement.Condition?.Bool?.['aws:SecureTransport'], `${resource} denies ${actions}`).toBe(
          'false',
        );
      }
      const wildcardResource = asList(statement.Resource).includes('*');
      const isResourcePolicy = statement.Principal !== undefined;
      if (statement.Effect === 'Allow' && wildcardResource && !isResourcePolicy) {
        for (const action of actions) {
          expect(action, `${resource}: ${action} on "*"`).toMatch(
            /^(sns:Publish|sns:SetSMSAttributes|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/,
          );
        }
      }
    }
  });

  it('routes every docs/api.md route to its handler and everything else to the fallback', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties?.RouteKey,
    );
    expect(routes.sort()).toEqual(
      [...ROUTES.map((route) => `${route.method} ${route.path}`), '$default'].sort(),
    );
    const integrationFor = (routeKey: string) => {
      const route = Object.values(resources).find((resource) => resource.Properties?.RouteKey === routeKey);
      const integrationId = String(route?.Properties.Target['Fn::Join'][1][1].Ref);
      return resources[integrationId]?.Properties.IntegrationUri;
    };
    for (const route of ROUTES) {
      const fn = stateless.functions[route.handler as HandlerName];
      expect(refersTo(integrationFor(`${route.method} ${route.path}`), logicalId(fn.function))).toBe(true);
    }
    expect(
      refersTo(
        integrationFor('$default'),
        logicalId(stateless.functions[FALLBACK_HANDLER as HandlerName].function),
      ),
    ).toBe(true);
    for (const [, integration] of resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')) {
      expect(integration.Properties?.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('throttles the API stage and writes access logs, without bodies, to an encrypted log group', () => {
    const [[, apiStage] = ['', { Properties: {} }]] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    const props = apiStage.Properties ?? {};
    expect(props.StageName).toBe('$default');
    expect(props.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: config.api.rateLimit,
      ThrottlingBurstLimit: config.api.burstLimit,
    });
    expect(props.RouteSettings).toEqual(
      Object.fromEntries(
        Object.entries(config.api.routeLimits).map(([routeKey, limits]) => [
          routeKey,
          { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit },
        ]),
      ),
    );
    expect(Object.keys(props.RouteSettings ?? {})).toContain('POST /v1/verification-codes');
    expect(config.api.routeLimits['POST /v1/verification-codes']?.rateLimit).toBeLessThan(
      config.api.rateLimit,
    );
    const accessLog = props.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const format = JSON.parse(accessLog.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format).join(' ')).not.toMatch(/body|querystring|header/i);
    const [logGroupId] = Object.entries(resources).find(([, resource]) =>
      JSON.stringify(resource.Properties?.LogGroupName ?? '').endsWith('"/api/access"]]}'),
    ) ?? [''];
    expect(refersTo(accessLog.DestinationArn, logGroupId)).toBe(true);
    expect(refersTo(resources[logGroupId]?.Properties.KmsKeyId, statefulId(stateful.logsKey))).toBe(true);
  });

  it('answers CORS preflight for the stage origins with the headers the mini-program sends', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: config.api.allowedOrigins,
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type', 'accept-language', 'x-request-id'],
        ExposeHeaders: ['x-request-id', 'retry-after'],
      },
    });
  });

  it('runs the lookup workflow as a Standard state machine that logs ALL events without data, with tracing', () => {
    const props = resources[logicalId(stateless.stateMachine)]?.Properties ?? {};
    expect(props.StateMachineType).toBe('STANDARD');
    expect(props.StateMachineName).toBe(`${config.prefix}-lookup`);
    expect(props.LoggingConfiguration.Level).toBe('ALL');
    expect(props.LoggingConfiguration.IncludeExecutionData).toBe(false);
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    const invoke = allStatements(template).find(
      ({ statement }) => statement.Sid === 'InvokeTaskFunctions',
    )?.statement;
    const tasks = DEPLOYED.filter((name) => HANDLERS[name].kind === 'task');
    expect(asList(invoke?.Resource)).toHaveLength(tasks.length);
    for (const name of tasks)
      expect(refersTo(invoke?.Resource, logicalId(stateless.functions[name].function))).toBe(true);
  });

  const eventSourceOf = (name: HandlerName) =>
    resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')
      .map(([, mapping]) => mapping.Properties ?? {})
      .filter((mapping) => refersTo(mapping.FunctionName, logicalId(stateless.functions[name].function)));

  it('feeds the workflow from the queue with bounded concurrency and per-message failures', () => {
    expect(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(2);
    const [mapping, ...others] = eventSourceOf('start-lookup');
    expect(others).toEqual([]);
    expect(mapping).toMatchObject({
      ScalingConfig: { MaximumConcurrency: config.queue.consumerConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    expect(refersTo(mapping?.EventSourceArn, statefulId(stateful.lookupQueue))).toBe(true);
    expect(refersTo(mapping?.EventSourceArn, statefulId(stateful.lookupDeadLetterQueue))).toBe(false);
  });

  describe('closing stranded queries', () => {
    const closer = stateless.functions['close-stranded'];
    const closerId = logicalId(closer.function);
    const ruleId = logicalId(stateless.strandedQueryRule);
    const strandedQueueId = logicalId(stateless.strandedDeadLetterQueue);
    const rule = resources[ruleId]?.Properties ?? {};

    it('matches the lookup workflow executions that ended FAILED, TIMED_OUT or ABORTED', () => {
      expect(rule.State ?? 'ENABLED').toBe('ENABLED');
      expect(rule.EventPattern).toEqual({
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [{ Ref: logicalId(stateless.stateMachine) }],
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        },
      });
    });

    it('targets close-stranded with a retry policy and its own dead-letter queue', () => {
      const targets = asList(rule.Targets) as Record<string, unknown>[];
      expect(targets).toHaveLength(1);
      const [target] = targets;
      expect(refersTo(target?.Arn, closerId)).toBe(true);
      expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 });
      expect(refersTo(target?.DeadLetterConfig, strandedQueueId)).toBe(true);
      expect(target?.Input).toBeUndefined();
      expect(target?.InputTransformer).toBeUndefined();

      const invoke = resourcesOfType(template, 'AWS::Lambda::Permission')
        .map(([, permission]) => permission.Properties ?? {})
        .filter((permission) => permission.Principal === 'events.amazonaws.com');
      expect(invoke).toHaveLength(1);
      expect(refersTo(invoke[0]?.FunctionName, closerId)).toBe(true);
      expect(refersTo(invoke[0]?.SourceArn, ruleId)).toBe(true);
    });

    it('keeps events it cannot close in an encrypted, TLS-only queue only this rule and this function write to', () => {
      const queue = resources[strandedQueueId]?.Properties ?? {};
      expect(queue.QueueName).toBeUndefined();
      expect(queue.SqsManagedSseEnabled).toBe(true);
      expect(queue.MessageRetentionPeriod).toBe(14 * 86_400);
      const fn = resources[closerId]?.Properties ?? {};
      expect(refersTo(fn.DeadLetterConfig, strandedQueueId)).toBe(true);
      const invokeConfigs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig');
      expect(invokeConfigs).toHaveLength(1);
      const invokeConfig = invokeConfigs[0]?.[1].Properties ?? {};
      expect(refersTo(invokeConfig.FunctionName, closerId)).toBe(true);
      expect(invokeConfig).toMatchObject({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
      });

      const queuePolicy = allStatements(template).filter(
        ({ type, statement }) =>
          type === 'AWS::SQS::QueuePolicy' &&
          statement.Effect === 'Allow' &&
          refersTo(statement.Resource, strandedQueueId),
      );
      expect(queuePolicy).toHaveLength(1);
      const [{ statement } = { statement: {} as Statement }] = queuePolicy;
      expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
      expect(asList(statement.Action)).toEqual(['sqs:SendMessage']);
      expect(refersTo(statement.Condition?.ArnEquals?.['aws:SourceArn'], ruleId)).toBe(true);
    });

    it('drains the lookup dead-letter queue, one message failing on its own', () => {
      const [mapping, ...others] = eventSourceOf('close-stranded');
      expect(others).toEqual([]);
      expect(refersTo(mapping?.EventSourceArn, statefulId(stateful.lookupDeadLetterQueue))).toBe(true);
      expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
      // Lambda requires the queue's visibility timeout to cover the function's timeout.
      const dlq =
        synthStage(stage).statefulTemplate.toJSON().Resources[statefulId(stateful.lookupDeadLetterQueue)];
      expect(dlq.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        resources[closerId]?.Properties.Timeout,
      );
    });

    it('lets close-stranded write the queries table, read the lookup dead letters and send to its own dead-letter queue, nothing else', () => {
      const grants = grantsOf('close-stranded');
      const byAction = (prefix: string) =>
        grants.filter((statement) => asList(statement.Action).some((action) => action.startsWith(prefix)));
      const tables = byAction('dynamodb:');
      expect(tables).toHaveLength(1);
      expect(refersTo(tables[0]?.Resource, statefulId(stateful.tables.queries))).toBe(true);
      expect(asList(tables[0]?.Action).sort()).toEqual(TABLE_ACTIONS.readwrite);
      for (const statement of byAction('sqs:')) {
        const actions = asList(statement.Action);
        if (actions.includes('sqs:SendMessage')) {
          expect(actions).toEqual(['sqs:SendMessage']);
          expect(asList(statement.Resource)).toHaveLength(1);
          expect(refersTo(statement.Resource, strandedQueueId)).toBe(true);
        } else {
          expect(actions).toContain('sqs:ReceiveMessage');
          expect(refersTo(statement.Resource, statefulId(stateful.lookupDeadLetterQueue))).toBe(true);
          expect(refersTo(statement.Resource, statefulId(stateful.lookupQueue))).toBe(false);
        }
      }
      const actions = new Set(grants.flatMap((statement) => asList(statement.Action)));
      expect(actions.has('sqs:SendMessage') && actions.has('sqs:ReceiveMessage')).toBe(true);
      for (const action of actions)
        expect(action).toMatch(
          /^(logs:(CreateLogStream|PutLogEvents)|dynamodb:|kms:Decrypt$|kms:DescribeKey$|kms:Encrypt$|kms:GenerateDataKey$|sqs:)/,
        );
      expect([...actions].some((action) => action.startsWith('states:') || action.startsWith('sns:'))).toBe(
        false,
      );
    });
  });

  describe('alarms', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties ?? {},
    );
    const named = (suffix: string) =>
      alarms.find((alarm) => alarm.AlarmName === `${config.prefix}-${suffix}`);
    const topicId = logicalId(stateless.observability.topic);

    it('every alarm notifies the alarm topic, which is encrypted and TLS-only', () => {
      for (const alarm of alarms) expect(refersTo(alarm.AlarmActions, topicId)).toBe(true);
      expect(refersTo(resources[topicId]?.Properties.KmsMasterKeyId, statefulId(stateful.dataKey))).toBe(
        true,
      );
    });

    it.each(DEPLOYED)('watches errors and throttles of %s', (name) => {
      const fnId = logicalId(stateless.functions[name].function);
      for (const metricName of ['Errors', 'Throttles']) {
        const alarm = alarms.find(
          (candidate) => candidate.MetricName === metricName && refersTo(candidate.Dimensions, fnId),
        );
        expect(alarm, `${name} ${metricName}`).toMatchObject({
          Namespace: 'AWS/Lambda',
          Threshold: 1,
          Statistic: 'Sum',
        });
      }
    });

    it('watches the API for server errors', () => {
      expect(named('api-server-errors')).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Threshold: 5,
      });
      expect(refersTo(named('api-server-errors')?.Dimensions, logicalId(stateless.api))).toBe(true);
    });

    it('watches the queue age, the dead letters and the failed executions', () => {
      expect(named('lookup-queue-age')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: config.queue.maxAgeSeconds,
      });
      expect(named('lookup-dead-letters')).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
      });
      expect(
        refersTo(named('lookup-dead-letters')?.Dimensions, statefulId(stateful.lookupDeadLetterQueue)),
      ).toBe(true);
      expect(named('workflow-executions-failed')).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Threshold: 1,
      });
    });

    it('counts every lookup dead letter with its own metric, since close-stranded drains the queue, and watches what it could not close', () => {
      expect(named('lookup-dead-lettered')).toMatchObject({
        Namespace: 'OneCardCheck',
        MetricName: 'LookupDeadLettered',
        Threshold: 1,
        Statistic: 'Sum',
      });
      expect(named('stranded-close-failed')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
      });
      expect(
        refersTo(named('stranded-close-failed')?.Dimensions, logicalId(stateless.strandedDeadLetterQueue)),
      ).toBe(true);
    });

    it('watches SMS that SNS could not deliver and the spend against the limit', () => {
      expect(named('sms-failures')).toMatchObject({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'PhoneNumber', Value: 'PhoneNumberDirect' }],
      });
      expect(named('sms-spend-near-limit')).toMatchObject({
        MetricName: 'SMSMonthToDateSpentUSD',
        Threshold: snsSms(config).monthlySpendLimitUsd * 0.8,
      });
    });

    it('watches each company for unavailability, on the metric the functions emit by company', () => {
      for (const partner of config.partners) {
        const alarm = alarms.find(
          (candidate) =>
            candidate.MetricName === 'CompanyUnavailable' &&
            JSON.stringify(candidate.Dimensions) ===
              JSON.stringify([
                { Name: 'companyId', Value: partner.companyId },
                { Name: 'service', Value: METRIC_SERVICE },
              ]),
        );
        expect(alarm, partner.companyId).toMatchObject({
          Namespace: 'OneCardCheck',
          Threshold: 5,
          Period: 900,
        });
      }
      // No log-group filter decides which functions count: the metric comes from the event itself.
      expect(resourcesOfType(template, 'AWS::Logs::MetricFilter')).toEqual([]);
    });

    it('names, in every alarm on the service namespace, a metric of the list with a dimension set it is emitted with', () => {
      const own = alarms.filter((alarm) => alarm.Namespace === 'OneCardCheck');
      expect(own.length).toBeGreaterThan(config.partners.length);
      for (const alarm of own) {
        const spec = METRICS[alarm.MetricName as MetricName];
        expect(spec, String(alarm.MetricName)).toBeDefined();
        const dimensions = alarm.Dimensions as { Name: string; Value: string }[];
        expect(dimensions).toContainEqual({ Name: 'service', Value: METRIC_SERVICE });
        const names = dimensions.map((d) => d.Name).filter((name) => name !== 'service');
        const sets = (spec.dimensionSets as readonly (readonly string[])[]).map((set) =>
          [...set].sort().join(),
        );
        expect(sets).toContain(names.sort().join());
      }
      for (const [name, spec] of Object.entries(METRICS) as [MetricName, (typeof METRICS)[MetricName]][]) {
        if ('alarm' in spec)
          expect(
            own.some((alarm) => alarm.MetricName === name),
            name,
          ).toBe(true);
      }
    });

    it('refuses to build a metric the functions do not emit that way', () => {
      expect(() => serviceMetric('CompanyUnavailable', { queryId: 'q' })).toThrow(/not emitted/);
      expect(() => serviceMetric('CodeSent', { reason: 'x' })).toThrow(/not emitted/);
    });

    it('alarms on a reply whose delivery could not be confirmed', () => {
      expect(named('reply-delivery-unconfirmed')).toMatchObject({
        Namespace: 'OneCardCheck',
        MetricName: 'ReplyDeliveryUnconfirmed',
        Threshold: 1,
      });
    });

    it('shows the same figures on one dashboard', () => {
      const dashboards = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
      expect(dashboards).toHaveLength(1);
      const body = JSON.stringify(dashboards[0]?.[1].Properties?.DashboardBody);
      for (const metric of [
        'Errors',
        'Throttles',
        'ApproximateAgeOfOldestMessage',
        'ApproximateNumberOfMessagesVisible',
        'ExecutionsFailed',
        'NumberOfNotificationsFailed',
        'CompanyUnavailable',
      ]) {
        expect(body, metric).toContain(metric);
      }
    });
  });

  it('tells call-company where partners call back: the API stage URL', () => {
    const props = resources[logicalId(stateless.functions['call-company'].function)]?.Properties ?? {};
    expect(refersTo(props.Environment.Variables[ENV.callbackBaseUrl], logicalId(stateless.api))).toBe(true);
  });
});
