import { SETTINGS } from '@occ/functions/config.ts';
import { SMS_TEMPLATES } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { createApp, refuseOtherAccount } from '../src/app.ts';
import { assertLoginMode, assertStage, STAGES, type StageName } from '../src/stages.ts';
import {
  allStatements,
  asList,
  customResourceCall,
  resourcesOfType,
  type Statement,
  snsSms,
  synthStage,
} from './support/synth.ts';

/**
 * What a maintainer's first deploy needs beyond a clean synth: each alarm can really notify, a
 * failed create leaves nothing behind, stages keep to their own accounts, a company can be removed
 * in one deploy, and the outputs are usable as written.
 */
const STAGE_NAMES: StageName[] = ['dev', 'prod', 'sandbox', 'china'];

describe.each(STAGE_NAMES)('first deploy (%s)', (stage) => {
  const { config, stateful, stateless, statefulTemplate, statelessTemplate } = synthStage(stage);
  const resources = statelessTemplate.toJSON().Resources as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: assertions walk CloudFormation JSON of every shape
    { Type: string; Properties: Record<string, any> }
  >;
  const statefulResources = statefulTemplate.toJSON().Resources as typeof resources;
  const account = JSON.stringify(stateless.resolve(stateless.account));
  const refersTo = (value: unknown, id: string) => JSON.stringify(value).includes(`"${id}"`);

  describe('item 1: every alarm action can be taken', () => {
    const alarms = resourcesOfType(statelessTemplate, 'AWS::CloudWatch::Alarm');
    const topicPolicies = allStatements(statelessTemplate).filter(
      ({ type }) => type === 'AWS::SNS::TopicPolicy',
    );
    const policyOf = (topicId: string): Statement[] =>
      topicPolicies
        .filter(({ resource }) => refersTo(resources[resource]?.Properties.Topics, topicId))
        .map(({ statement }) => statement);

    it('notifies a topic on every alarm', () => {
      expect(alarms.length).toBeGreaterThan(10);
      for (const [, alarm] of alarms) expect(asList(alarm.Properties?.AlarmActions).length).toBe(1);
    });

    it('lets CloudWatch publish each alarm to its topic, for this account and this stage only', () => {
      for (const [id, alarm] of alarms) {
        const topicId = String((asList(alarm.Properties?.AlarmActions)[0] as { Ref?: string }).Ref);
        const allow = policyOf(topicId).find(
          (statement) =>
            statement.Effect === 'Allow' &&
            JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }) &&
            asList(statement.Action).includes('sns:Publish'),
        );
        expect(
          allow,
          `${id}: a topic policy statement letting CloudWatch publish to ${topicId}`,
        ).toBeDefined();
        expect(JSON.stringify(allow?.Condition?.StringEquals?.['aws:SourceAccount']), id).toBe(account);
        // The source ARN pattern names this stage's alarms, and this alarm is one of them.
        const pattern = JSON.stringify(allow?.Condition?.ArnLike?.['aws:SourceArn']);
        const prefix = /alarm:([a-z0-9-]+)\*/.exec(pattern)?.[1];
        expect(prefix, pattern).toBeDefined();
        expect(String(alarm.Properties?.AlarmName).startsWith(prefix ?? '?'), id).toBe(true);
      }
    });

    it("lets CloudWatch use the topic's key, for this account only", () => {
      const topics = resourcesOfType(statelessTemplate, 'AWS::SNS::Topic');
      expect(topics.length).toBeGreaterThan(0);
      for (const [, topic] of topics) {
        // Across stacks the key is named by an output of the stateful stack that holds its logical id.
        const keyId = Object.keys(statefulResources).find((id) =>
          JSON.stringify(topic.Properties?.KmsMasterKeyId).includes(id),
        );
        expect(keyId, 'the topic key is the stage data key').toBe(
          stateful.getLogicalId(stateful.dataKey.node.defaultChild as never),
        );
        const grant = allStatements(statefulTemplate).find(
          ({ resource, statement }) =>
            resource === keyId &&
            statement.Effect === 'Allow' &&
            JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
        )?.statement;
        expect(asList(grant?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
        expect(JSON.stringify(grant?.Condition?.StringEquals?.['aws:SourceAccount'])).toBe(
          JSON.stringify(stateful.resolve(stateful.account)),
        );
      }
    });
  });

  describe('item 2: a failed first create cleans up after itself; the stateless stack is replaceable', () => {
    const all = [
      ...Object.entries(statefulResources).map(([id, resource]) => ({ stack: 'stateful', id, resource })),
      ...Object.entries(resources).map(([id, resource]) => ({ stack: 'stateless', id, resource })),
    ] as { stack: string; id: string; resource: { Type: string; DeletionPolicy?: string } }[];

    it('retains nothing that a rolled-back first create would leave behind', () => {
      const retainedOnCreate = all
        .filter(({ resource }) => resource.DeletionPolicy === 'Retain')
        .map(({ stack, id }) => `${stack}/${id}`);
      expect(retainedOnCreate).toEqual([]);
    });

    it('names what outlives the stateless stack after the stack instance, so a new instance can be created beside it', () => {
      const outliving = Object.entries(resources).filter(
        ([, resource]) => (resource as { DeletionPolicy?: string }).DeletionPolicy === 'RetainExceptOnCreate',
      );
      if (stage === 'prod') expect(outliving.length).toBeGreaterThan(10);
      const nameKeys = ['LogGroupName', 'QueueName', 'TopicName', 'TableName', 'Name'];
      for (const [id, resource] of outliving) {
        for (const key of nameKeys) {
          const name = resource.Properties?.[key];
          if (name === undefined) continue;
          expect(JSON.stringify(name), `${id}.${key}`).toContain('AWS::StackId');
        }
      }
    });
  });

  describe('item 4: removing a company takes one deploy', () => {
    it('hands the stateless stack what it needs without exports that block removal', () => {
      const template = JSON.stringify(statelessTemplate.toJSON());
      expect(template.includes('Fn::ImportValue'), 'an Fn::ImportValue in the stateless stack').toBe(false);
      const outputs = Object.values(statefulTemplate.toJSON().Outputs ?? {}) as { Export?: unknown }[];
      expect(outputs.filter((output) => output.Export !== undefined)).toEqual([]);
      // Still read at deploy time, from the stateful stack's outputs.
      expect(template.includes('Fn::GetStackOutput'), 'Fn::GetStackOutput in the stateless stack').toBe(true);
    });

    it('still deploys the stateful stack first', () => {
      expect(stateless.dependencies.map((dependency) => dependency.stackName)).toEqual([stateful.stackName]);
    });
  });

  describe('item 6: watched beyond SMS, traceable, usable outputs', () => {
    it('outputs ApiUrl without a trailing slash, so <ApiUrl>/v1/... has one slash', () => {
      const apiUrl = (statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown }>).ApiUrl?.Value;
      expect(apiUrl).toEqual({
        'Fn::GetAtt': [stateless.getLogicalId(stateless.api.node.defaultChild as never), 'ApiEndpoint'],
      });
    });

    it('keeps a monthly cost budget on the whole account, notifying the alarm topic at 80% actual and 100% forecast', () => {
      const budgets = resourcesOfType(statelessTemplate, 'AWS::Budgets::Budget');
      expect(budgets).toHaveLength(1);
      const props = budgets[0]?.[1].Properties ?? {};
      expect(props.Budget).toMatchObject({
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: config.budget.monthlyLimit, Unit: config.budget.currency },
      });
      expect(props.Budget).not.toHaveProperty('CostFilters');
      const topicId = stateless.getLogicalId(stateless.observability.topic.node.defaultChild as never);
      const notifications = asList(props.NotificationsWithSubscribers) as {
        Notification: Record<string, unknown>;
        Subscribers: { SubscriptionType: string; Address: unknown }[];
      }[];
      expect(
        notifications.map((entry) => [entry.Notification.NotificationType, entry.Notification.Threshold]),
      ).toEqual([
        ['ACTUAL', 80],
        ['FORECASTED', 100],
      ]);
      for (const entry of notifications) {
        expect(entry.Subscribers).toEqual([{ SubscriptionType: 'SNS', Address: { Ref: topicId } }]);
      }
    });

    it('logs every SMS delivery status where SNS sends them, encrypted, for the short delivery-log retention only', () => {
      const settings = stateful.smsSettings;
      if (config.sms.gateway !== 'sns') {
        // The sandbox sends no SMS: nothing to log, and no account SMS setting to change.
        expect(settings).toBeUndefined();
        expect(resourcesOfType(statefulTemplate, 'Custom::AWS')).toEqual([]);
        return;
      }
      if (!settings) throw new Error('no SMS settings');
      const [attributes] = resourcesOfType(statefulTemplate, 'Custom::AWS')
        .map(([, resource]) =>
          customResourceCall<{ parameters: { attributes: Record<string, unknown> } }>(
            resource.Properties?.Create,
          ),
        )
        .filter((call) => 'DeliveryStatusIAMRole' in call.parameters.attributes)
        .map((call) => call.parameters.attributes);
      expect(attributes?.DeliveryStatusSuccessSamplingRate).toBe('100');
      const roleId = stateful.getLogicalId(settings.deliveryRole.node.defaultChild as never);
      expect(JSON.stringify(attributes?.DeliveryStatusIAMRole)).toContain(roleId);
      expect(statefulResources[roleId]?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      ]);
      const names = settings.deliveryLogs.map((logGroup) => {
        const props =
          statefulResources[stateful.getLogicalId(logGroup.node.defaultChild as never)]?.Properties ?? {};
        expect(props.RetentionInDays).toBe(snsSms(config).deliveryLogRetention);
        expect(JSON.stringify(props.KmsKeyId)).toContain(
          stateful.getLogicalId(stateful.logsKey.node.defaultChild as never),
        );
        return stateful.resolve(props.LogGroupName);
      });
      expect(names).toEqual([
        `sns/${config.region}/${config.account}/DirectPublishToPhoneNumber`,
        `sns/${config.region}/${config.account}/DirectPublishToPhoneNumber/Failure`,
      ]);
      // SNS may write to those two log groups and nothing else.
      const grants = allStatements(statefulTemplate).filter(
        ({ type, statement }) =>
          (type === 'AWS::IAM::Policy' && JSON.stringify(statement.Resource).includes('DeliveryLogs')) ||
          JSON.stringify(statement.Resource).includes('DeliveryFailureLogs'),
      );
      expect(grants.map(({ statement }) => asList(statement.Action).sort())).toEqual([
        ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      ]);
    });

    it('lets npm run smoke force an alarm into ALARM and see it on the alarm topic', () => {
      const { alarm, queue } = stateless.smokeCheck;
      const topicId = stateless.getLogicalId(stateless.observability.topic.node.defaultChild as never);
      const alarmProps =
        resources[stateless.getLogicalId(alarm.node.defaultChild as never)]?.Properties ?? {};
      expect(alarmProps.AlarmName).toBe(`${config.prefix}-smoke-check`);
      expect(alarmProps.AlarmActions).toEqual([{ Ref: topicId }]);
      const queueId = stateless.getLogicalId(queue.node.defaultChild as never);
      const subscription = resourcesOfType(statelessTemplate, 'AWS::SNS::Subscription')
        .map(([, candidate]) => candidate.Properties ?? {})
        .find((candidate) => candidate.Protocol === 'sqs');
      expect(subscription?.TopicArn).toEqual({ Ref: topicId });
      expect(JSON.stringify(subscription?.Endpoint)).toContain(queueId);
      const outputs = statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(outputs.SmokeAlarmName).toBeDefined();
      expect(JSON.stringify(outputs.SmokeQueueUrl?.Value)).toContain(queueId);
    });

    it('lets Budgets publish to the alarm topic and use its key, for this account only', () => {
      const topicId = stateless.getLogicalId(stateless.observability.topic.node.defaultChild as never);
      const allow = allStatements(statelessTemplate).find(
        ({ type, resource, statement }) =>
          type === 'AWS::SNS::TopicPolicy' &&
          refersTo(resources[resource]?.Properties.Topics, topicId) &&
          statement.Effect === 'Allow' &&
          JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'budgets.amazonaws.com' }),
      )?.statement;
      expect(asList(allow?.Action)).toEqual(['sns:Publish']);
      expect(JSON.stringify(allow?.Condition?.StringEquals?.['aws:SourceAccount'])).toBe(account);
      const keyId = stateful.getLogicalId(stateful.dataKey.node.defaultChild as never);
      const grant = allStatements(statefulTemplate).find(
        ({ resource, statement }) =>
          resource === keyId &&
          JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'budgets.amazonaws.com' }),
      )?.statement;
      expect(asList(grant?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(JSON.stringify(grant?.Condition?.StringEquals?.['aws:SourceAccount'])).toBe(account);
    });
  });
});

describe('item 3: one account per stage', () => {
  it.each(STAGE_NAMES)(
    'pins the %s stacks to the stage account, for the CLI to hold credentials against',
    (stage) => {
      const { config, stateful, stateless } = synthStage(stage);
      for (const stack of [stateful, stateless]) {
        expect(stack.resolve(stack.account)).toBe(config.account);
        expect(stack.environment).toBe(`aws://${config.account}/${config.region}`);
      }
    },
  );

  it('refuses to synthesize a stage with credentials of another account', () => {
    expect(() => refuseOtherAccount(STAGES.prod, STAGES.dev.account)).toThrow(
      `stage prod deploys only to account ${STAGES.prod.account} (cdk/src/stages.ts), but the credentials are for account ${STAGES.dev.account}`,
    );
    expect(() => refuseOtherAccount(STAGES.prod, STAGES.prod.account)).not.toThrow();
    expect(() => refuseOtherAccount(STAGES.prod, undefined)).not.toThrow();
  });

  it('applies the refusal when the app is built', () => {
    const saved = process.env.CDK_DEFAULT_ACCOUNT;
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    try {
      expect(() => createApp({ stage: 'dev', 'aws:cdk:bundling-stacks': [] })).toThrow(
        /credentials are for account 123456789012/,
      );
    } finally {
      if (saved === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
      else process.env.CDK_DEFAULT_ACCOUNT = saved;
    }
  });
});

describe.each([
  ['prod', true],
  ['china', true],
  ['dev', false],
  ['sandbox', false],
] as const)('termination protection (%s)', (stage, kept) => {
  const { stateful, stateless } = synthStage(stage);

  it(`${kept ? 'guards' : 'does not guard'} the stateful stack, as it ${kept ? 'keeps' : 'deletes'} its data`, () => {
    expect(stateful.terminationProtection).toBe(kept);
    const assembly = createApp({ stage, 'aws:cdk:bundling-stacks': [] }).synth();
    expect(assembly.getStackByName(stateful.stackName).terminationProtection).toBe(kept);
  });

  it('leaves the stateless stack replaceable', () => {
    expect(stateless.terminationProtection).toBe(false);
  });
});

describe('first deploy (prod): item 2', () => {
  const { statefulTemplate, statelessTemplate } = synthStage('prod');
  const all = [statefulTemplate, statelessTemplate].flatMap((template) =>
    Object.values(template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>),
  );

  it('keeps prod data when the stack is deleted or a resource leaves it', () => {
    const kept = new Set(
      all
        .filter((resource) => resource.DeletionPolicy === 'RetainExceptOnCreate')
        .map((resource) => resource.Type),
    );
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::SQS::Queue',
      'AWS::Logs::LogGroup',
    ]) {
      expect(kept.has(type), type).toBe(true);
    }
  });

  it('sets the SMS settings, which most often fail a first deploy, before any table a rollback could not delete', () => {
    const resources = statefulTemplate.toJSON().Resources as Record<
      string,
      { Type: string; DependsOn?: string[]; Properties?: { DeletionProtectionEnabled?: boolean } }
    >;
    const smsSettings = Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'Custom::AWS')
      .map(([id]) => id);
    expect(smsSettings.length).toBeGreaterThan(0);
    const protectedTables = Object.entries(resources).filter(
      ([, resource]) =>
        resource.Type === 'AWS::DynamoDB::Table' && resource.Properties?.DeletionProtectionEnabled,
    );
    expect(protectedTables.length).toBeGreaterThan(0);
    for (const [id, table] of protectedTables)
      expect(table.DependsOn ?? [], id).toEqual(expect.arrayContaining(smsSettings));
  });
});

describe('item 5: a dev deploy does something, and only the sandbox accepts simulated logins', () => {
  const environmentOf = (stage: StageName, name: string) => {
    const { stateless, statelessTemplate } = synthStage(stage);
    const fn = stateless.functions[name as keyof typeof stateless.functions];
    if (!fn) throw new Error(`${stage} has no ${name}`);
    const id = stateless.getLogicalId(fn.function.node.defaultChild as never);
    return (statelessTemplate.toJSON().Resources[id].Properties.Environment?.Variables ?? {}) as Record<
      string,
      unknown
    >;
  };
  const urlOf = (stage: StageName, name: string) => {
    const { stateless } = synthStage(stage);
    const fn = stateless.functions[name as keyof typeof stateless.functions];
    return fn
      ? stateless.getLogicalId(fn.function.node.tryFindChild('FunctionUrl')?.node.defaultChild as never)
      : '?';
  };

  it.each(['dev', 'prod'] as const)('%s accepts only real platform logins', (stage) => {
    expect(environmentOf(stage, 'create-session').OCC_LOGIN_MODE).toBe('real');
  });

  it('refuses a stage other than the sandbox that would accept simulated logins', () => {
    expect(() =>
      assertLoginMode({ ...STAGES.dev, login: { ...STAGES.dev.login, mode: 'simulated' } }),
    ).toThrow('stage dev accepts simulated logins: only the sandbox stage may');
    expect(() => assertLoginMode(STAGES.sandbox)).not.toThrow();
  });

  it.each(['dev', 'sandbox'] as const)(
    '%s asks its own simulated carrier and companies (function URLs), never a placeholder host',
    (stage) => {
      const carrierUrl = urlOf(stage, 'sandbox-carrier');
      const companiesUrl = urlOf(stage, 'sandbox-companies');
      const requestCode = JSON.stringify(environmentOf(stage, 'request-code'));
      expect(requestCode).toContain(`"OCC_CARRIER_ENDPOINT":{"Fn::GetAtt":["${carrierUrl}","FunctionUrl"]}`);
      const partners = JSON.stringify(environmentOf(stage, 'call-company').OCC_PARTNERS);
      expect(partners.match(new RegExp(`${companiesUrl}`, 'g'))).toHaveLength(STAGES[stage].partners.length);
      expect(`${requestCode}${partners}`).not.toMatch(/\.example|"simulated"/);
    },
  );
});

describe('the sandbox stage: works with no partner and no SMS contract', () => {
  const { stateful, stateless, statelessTemplate } = synthStage('sandbox');
  const resources = statelessTemplate.toJSON().Resources as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: assertions walk CloudFormation JSON of every shape
    { Type: string; Properties: Record<string, any> }
  >;
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    stateless.getLogicalId(construct.node.defaultChild as never);

  it('writes every SMS to the outbox table, sends none through SNS, and lets the maintainer read it at OutboxUrl', () => {
    const outboxId = stateful.getLogicalId(stateful.outboxTable?.node.defaultChild as never);
    for (const name of ['request-code', 'send-reply'] as const) {
      const fn = resources[idOf(stateless.functions[name].function)]?.Properties ?? {};
      expect(fn.Environment.Variables.OCC_SMS_GATEWAY).toBe('outbox');
      const grants = allStatements(statelessTemplate).filter(
        ({ resource, type }) =>
          type === 'AWS::IAM::Policy' &&
          JSON.stringify(resources[resource]?.Properties.Roles).includes(
            idOf(stateless.functions[name].role),
          ),
      );
      const actions = grants.flatMap(({ statement }) => asList(statement.Action));
      expect(actions).not.toContain('sns:Publish');
      const outbox = grants.find(({ statement }) => statement.Sid === 'SmsOutbox')?.statement;
      expect(asList(outbox?.Action)).toEqual(['dynamodb:PutItem']);
      expect(JSON.stringify(outbox?.Resource)).toContain(outboxId);
    }
    const outputs = statelessTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.OutboxUrl?.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^SandboxOutboxFunctionFunctionUrl/), 'FunctionUrl'],
    });
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiUrl',
      'CarrierUrl',
      'CompaniesUrl',
      'OutboxUrl',
      'SmokeAlarmName',
      'SmokeQueueUrl',
      'StateMachineArn',
    ]);
  });

  it('lets the simulated companies invoke only their own function, for their later callbacks', () => {
    const grants = allStatements(statelessTemplate).filter(
      ({ statement }) => statement.Sid === 'InvokeItselfLater',
    );
    expect(grants).toHaveLength(1);
    expect(JSON.stringify(grants[0]?.statement.Resource)).toContain(
      ':function:occ-sandbox-sandbox-companies',
    );
  });

  it('has no SNS SMS alarm, and no SNS SMS setting', () => {
    const alarms = resourcesOfType(statelessTemplate, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties ?? {},
    );
    expect(alarms.filter((alarm) => alarm.Namespace === 'AWS/SNS')).toEqual([]);
    expect(stateful.smsSettings).toBeUndefined();
  });
});

describe('the mainland China stage: the China partition, SMS through a domestic gateway', () => {
  const { config, stateful, stateless, statefulTemplate, statelessTemplate } = synthStage('china');
  const templates = JSON.stringify([statefulTemplate.toJSON(), statelessTemplate.toJSON()]);
  const resources = statelessTemplate.toJSON().Resources as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: assertions walk CloudFormation JSON of every shape
    { Type: string; Properties: Record<string, any> }
  >;

  it('writes every ARN and service host of the aws-cn partition, none of the global one', () => {
    // ARNs are built from the AWS::Partition pseudo parameter (aws-cn there), never a literal arn:aws:.
    expect(stateless.resolve(stateless.partition)).toEqual({ Ref: 'AWS::Partition' });
    expect(templates).not.toMatch(/arn:aws:/);
    for (const service of ['dynamodb', 'secretsmanager', 'sqs']) {
      expect(templates).not.toContain(`${service}.cn-northwest-1.amazonaws.com"`);
    }
    expect(templates).toContain('dynamodb.cn-northwest-1.amazonaws.com.cn');
    expect(templates).toContain('logs.cn-northwest-1.amazonaws.com.cn');
  });

  it('uses only what the China regions offer: no SNS SMS, no function URL, no Lambda X-Ray', () => {
    const types = new Set(Object.values(resources).map((resource) => resource.Type));
    expect(types.has('AWS::Lambda::Url')).toBe(false);
    expect(resourcesOfType(statefulTemplate, 'Custom::AWS')).toEqual([]);
    // Lambda's X-Ray integration is not offered in the China regions; no function turns it on.
    for (const resource of Object.values(resources)) {
      if (resource.Type === 'AWS::Lambda::Function')
        expect(resource.Properties.TracingConfig).toBeUndefined();
    }
    // No function may publish SMS through SNS (the alarm topic's policy still lets CloudWatch publish to it).
    const roleGrants = allStatements(statelessTemplate).filter(({ type }) => type === 'AWS::IAM::Policy');
    expect(roleGrants.flatMap(({ statement }) => asList(statement.Action))).not.toContain('sns:Publish');
  });

  it('sends SMS through Alibaba Cloud with the registered signature and template codes, reading only its access key', () => {
    const secretId = stateful.getLogicalId(stateful.secrets.smsGateway?.node.defaultChild as never);
    for (const name of ['request-code', 'send-reply'] as const) {
      const fn =
        resources[stateless.getLogicalId(stateless.functions[name].function.node.defaultChild as never)];
      const variables = fn?.Properties.Environment.Variables ?? {};
      expect(variables.OCC_SMS_GATEWAY).toBe('aliyun');
      expect(JSON.parse(variables.OCC_SMS_GATEWAY_OPTIONS)).toEqual({
        signName: '一证通查',
        templates: (config.sms as { templates: unknown }).templates,
      });
      // The functions' own parser: it refuses to start without a code for each of the five templates.
      expect(
        Object.keys(SETTINGS.smsGatewayOptions.parse(variables.OCC_SMS_GATEWAY_OPTIONS).templates).sort(),
      ).toEqual(Object.keys(SMS_TEMPLATES).sort());
      expect(JSON.stringify(variables.OCC_SMS_GATEWAY_SECRET_ARN)).toContain(secretId);
    }
    const readers = allStatements(statelessTemplate).filter(
      ({ statement }) =>
        asList(statement.Action).includes('secretsmanager:GetSecretValue') &&
        JSON.stringify(statement.Resource).includes(secretId),
    );
    expect(readers).toHaveLength(2);
  });

  it('keeps its budget in yuan', () => {
    const [[, budget] = ['', { Type: '', Properties: {} }]] = resourcesOfType(
      statelessTemplate,
      'AWS::Budgets::Budget',
    );
    expect(budget.Properties?.Budget).toMatchObject({ BudgetLimit: { Unit: 'CNY' } });
  });

  it('refuses SNS or simulations in the China partition', () => {
    const china = STAGES.china;
    expect(() => assertStage({ ...china, sms: { ...STAGES.prod.sms } })).toThrow(
      'SNS sends no SMS from the China regions',
    );
    expect(() => assertStage({ ...china, simulation: STAGES.sandbox.simulation })).toThrow('function URLs');
  });
});
