import type { SecretName } from '@occ/functions/config.ts';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Secret, type SecretStringGenerator } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { createServiceKey, KEY_SERVICE_ACTIONS } from './constructs/keys.ts';
import { SmsSettings, smsDeliveryLogGroupNames } from './constructs/sms-settings.ts';
import { acknowledge } from './nag.ts';
import { pascal } from './names.ts';
import { regionalServiceHost } from './partition.ts';
import type { StageConfig } from './stages.ts';
import { TABLES, type TableName } from './tables.ts';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/** How a secret's value comes to exist: generated here, or exchanged with a third party and put in by a maintainer. */
type SecretOrigin = 'generated' | 'exchanged';

/**
 * What outlives a deployment: keys, tables, the lookup queue, secrets and the account's SMS settings.
 * In prod every one of them is retained when it leaves the stack.
 */
export class StatefulStack extends Stack {
  readonly config: StageConfig;
  /** Encrypts tables, queues and secrets. */
  readonly dataKey: Key;
  /** Encrypts log groups (CloudWatch Logs needs its own grant in the key policy). */
  readonly logsKey: Key;
  readonly tables: Record<TableName, Table>;
  readonly lookupQueue: Queue;
  readonly lookupDeadLetterQueue: Queue;
  /** The named secrets; `smsGateway` only where the domestic gateway sends the SMS. */
  readonly secrets: Record<Exclude<SecretName, 'smsGateway'>, Secret> & Partial<Record<'smsGateway', Secret>>;
  private readonly dataKeyReference: IKey;
  /** The official account's AppID and AppSecret (JSON), read by the menu publisher at deploy time. */
  readonly officialAccountSecret: Secret;
  /** Signing secret of each connected company, by company id. */
  readonly partnerSecrets: Record<string, Secret>;
  /** Names of the secrets a maintainer must put: values agreed with a company, the carrier or a platform. */
  readonly exchangedSecretNames: string[] = [];
  /** The account's SNS SMS preferences, delivery status logging included. */
  readonly smsSettings: SmsSettings | undefined;
  /** The sandbox's SMS outbox (`phone` + `messageId`, TTL): only where SMS go to the outbox. */
  readonly outboxTable: Table | undefined;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    this.dataKey = createServiceKey(this, 'DataKey', {
      alias: `alias/${config.prefix}-data`,
      description: `One Card Check ${config.stage}: tables, lookup queue, secrets and alarm topic`,
      removalPolicy: config.removalPolicy,
      serviceStatements: (stack) => [
        // The services that notify the encrypted alarm topic, on this account's behalf only.
        ...(['cloudwatch', 'budgets'] as const).map(
          (service) =>
            new PolicyStatement({
              sid: `${service === 'cloudwatch' ? 'CloudWatchAlarms' : 'Budgets'}PublishToEncryptedTopic`,
              principals: [new ServicePrincipal(`${service}.amazonaws.com`)],
              actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
              resources: ['*'],
              conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
            }),
        ),
      ],
    });
    this.logsKey = createServiceKey(this, 'LogsKey', {
      alias: `alias/${config.prefix}-logs`,
      description: `One Card Check ${config.stage}: function, workflow and API access logs`,
      removalPolicy: config.removalPolicy,
      serviceStatements: (stack) => [
        new PolicyStatement({
          sid: 'CloudWatchLogsUsesKeyForOurLogGroups',
          principals: [new ServicePrincipal(regionalServiceHost('logs', stack.region))],
          actions: KEY_SERVICE_ACTIONS,
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': logGroupArnPatterns(stack, config),
            },
          },
        }),
      ],
    });

    this.tables = Object.fromEntries(
      TABLES.map((spec) => {
        const table = new Table(this, `${pascal(spec.logicalName)}Table`, {
          tableName: `${config.prefix}-${spec.logicalName}`,
          partitionKey: { name: spec.partitionKey.name, type: attributeType(spec.partitionKey.type) },
          ...(spec.sortKey
            ? { sortKey: { name: spec.sortKey.name, type: attributeType(spec.sortKey.type) } }
            : {}),
          billingMode: BillingMode.PAY_PER_REQUEST,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          encryption: TableEncryption.CUSTOMER_MANAGED,
          encryptionKey: this.dataKey,
          timeToLiveAttribute: spec.ttlAttribute,
          deletionProtection: config.deletionProtection,
          removalPolicy: config.removalPolicy,
        });
        for (const index of spec.globalSecondaryIndexes) {
          table.addGlobalSecondaryIndex({
            indexName: index.indexName,
            partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
            ...(index.sortKey
              ? { sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) } }
              : {}),
            projectionType: ProjectionType.INCLUDE,
            nonKeyAttributes: [...index.nonKeyAttributes],
          });
        }
        return [spec.logicalName, table];
      }),
    ) as Record<TableName, Table>;

    this.lookupDeadLetterQueue = new Queue(this, 'LookupDeadLetterQueue', {
      queueName: `${config.prefix}-lookups-dlq`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      // close-stranded drains it; six times that function's timeout, as for the lookup queue.
      visibilityTimeout: Duration.seconds(6 * 30),
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    });
    this.lookupQueue = new Queue(this, 'LookupQueue', {
      queueName: `${config.prefix}-lookups`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      // Six times the starter's timeout, as Lambda recommends for SQS event sources.
      visibilityTimeout: Duration.seconds(6 * 30),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.lookupDeadLetterQueue, maxReceiveCount: config.queue.maxReceiveCount },
      removalPolicy: config.removalPolicy,
    });

    this.dataKeyReference = Key.fromKeyArn(this, 'DataKeyReference', this.dataKey.keyArn);
    const names = config.secretNames;
    this.secrets = {
      pepper: this.secret('PepperSecret', names.pepper, 'generated', 'Keyed-hash pepper for mobile numbers'),
      tokenKey: this.secret('TokenKeySecret', names.tokenKey, 'generated', 'Session token signing key'),
      phoneKey: this.secret('PhoneKeySecret', names.phoneKey, 'generated', 'Key encrypting stored numbers'),
      carrier: this.secret(
        'CarrierSecret',
        config.carrier.secretName,
        'exchanged',
        'Carrier directory secret',
      ),
      wechat: this.secret('WechatSecret', names.wechat, 'exchanged', 'WeChat mini-program app secret'),
      alipayKey: this.secret('AlipayKeySecret', names.alipayKey, 'exchanged', 'Alipay app private key'),
      // WeChat takes a token of 3 to 32 letters and digits (服务器配置): generated here, then typed into
      // the official account's console by a maintainer.
      wechatMessageToken: this.secret(
        'WechatMessageTokenSecret',
        config.officialAccount.messageTokenSecretName,
        'generated',
        'WeChat official-account message token (copy it into the server configuration)',
        { passwordLength: 32, excludePunctuation: true, includeSpace: false },
      ),
      // Only where the domestic gateway sends the SMS.
      ...(config.sms.gateway === 'aliyun'
        ? {
            smsGateway: this.secret(
              'SmsGatewaySecret',
              config.sms.secretName,
              'exchanged',
              'Alibaba Cloud SMS access key (JSON accessKeyId, accessKeySecret)',
            ),
          }
        : {}),
    };
    this.officialAccountSecret = this.secret(
      'OfficialAccountSecret',
      config.officialAccount.secretName,
      'exchanged',
      'WeChat official account AppID and AppSecret as JSON {"appId","secret"}',
      {
        secretStringTemplate: JSON.stringify({ appId: 'wx-put-the-appid-here' }),
        generateStringKey: 'secret',
        passwordLength: 32,
        excludePunctuation: true,
      },
    );
    this.partnerSecrets = Object.fromEntries(
      config.partners.map((partner) => [
        partner.companyId,
        this.secret(
          `${pascal(partner.companyId)}PartnerSecret`,
          partner.secretName,
          'exchanged',
          `Partner API signing secret shared with ${partner.companyId}`,
        ),
      ]),
    );

    this.smsSettings =
      config.sms.gateway === 'sns'
        ? new SmsSettings(this, 'SmsSettings', {
            sms: config.sms,
            logGroupName: `/occ/${config.stage}/sms-settings`,
            logsKey: this.logsKey,
            config,
          })
        : undefined;
    // The SMS settings are what a first deploy most often fails on (the spend limit waits for a
    // support case). Setting them before any table exists means that failure rolls back before a
    // table with deletion protection, which a rollback cannot delete, is created.
    if (this.smsSettings)
      for (const table of Object.values(this.tables)) table.node.addDependency(this.smsSettings);
    this.outboxTable =
      config.sms.gateway === 'outbox'
        ? new Table(this, 'OutboxTable', {
            tableName: `${config.prefix}-outbox`,
            partitionKey: { name: 'phone', type: AttributeType.STRING },
            sortKey: { name: 'messageId', type: AttributeType.STRING },
            billingMode: BillingMode.PAY_PER_REQUEST,
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
            encryption: TableEncryption.CUSTOMER_MANAGED,
            encryptionKey: this.dataKey,
            timeToLiveAttribute: 'expiresAt',
            deletionProtection: config.deletionProtection,
            removalPolicy: config.removalPolicy,
          })
        : undefined;
  }

  private secret(
    id: string,
    secretName: string,
    origin: SecretOrigin,
    description: string,
    generate: SecretStringGenerator = { passwordLength: 64, excludePunctuation: true, includeSpace: false },
  ): Secret {
    if (origin === 'exchanged') this.exchangedSecretNames.push(secretName);
    const secret = new Secret(this, id, {
      secretName,
      description:
        origin === 'generated'
          ? `${description}. Generated at first deploy; never leaves AWS.`
          : `${description}. Placeholder until a maintainer puts the exchanged value (see cdk/README.md).`,
      // By reference: the Secret construct would otherwise add a second account grant (with wildcard
      // actions) to the key policy; the key policy's account statement already delegates to IAM.
      encryptionKey: this.dataKeyReference,
      generateSecretString: generate,
      removalPolicy: this.config.removalPolicy,
    });
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      origin === 'generated'
        ? 'Rotating this key without a re-keying job would orphan what it protects (keyed hashes that enforce cooldowns and limits, numbers encrypted until the reply is sent, live session tokens); it is rotated by a planned procedure, not on a timer.'
        : 'The value is agreed with a third party (company, carrier or platform) and changes only when both sides switch; Secrets Manager cannot rotate it on its own.',
    );
    return secret;
  }
}

/** Log group ARNs CloudWatch Logs may encrypt with the logs key: ours, the workflow's vended-log group, SNS's SMS delivery logs. */
export function logGroupArnPatterns(stack: Stack, config: StageConfig): string[] {
  const base = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:`;
  return [
    `${base}/occ/${config.stage}/*`,
    `${base}/aws/vendedlogs/states/${config.prefix}-*`,
    // SNS's SMS delivery status logs (see SmsSettings).
    ...smsDeliveryLogGroupNames(stack).map((name) => `${base}${name}`),
  ];
}

function attributeType(type: 'S' | 'N'): AttributeType {
  return type === 'S' ? AttributeType.STRING : AttributeType.NUMBER;
}
