import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { StageName } from '../src/stages.ts';
import { TABLES } from '../src/tables.ts';
import {
  allStatements,
  asList,
  customResourceCall,
  resourcesOfType,
  snsSms,
  synthStage,
} from './support/synth.ts';

const STAGE_NAMES: StageName[] = ['dev', 'prod'];

describe.each(STAGE_NAMES)('StatefulStack (%s)', (stage) => {
  const synthesized = synthStage(stage);
  const { config, stateful, statefulTemplate: template } = synthesized;
  const dataKeyId = stateful.getLogicalId(stateful.dataKey.node.defaultChild as never);
  const logsKeyId = stateful.getLogicalId(stateful.logsKey.node.defaultChild as never);
  const retained = config.stage === 'prod';

  it('builds one table per spec: on demand, point-in-time recovery, customer-managed KMS, TTL on expiresAt', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(TABLES.length);
    for (const spec of TABLES) {
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: {
          TableName: `${config.prefix}-${spec.logicalName}`,
          KeySchema: [
            { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
            ...(spec.sortKey ? [Match.anyValue()] : []),
          ],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: {
            SSEEnabled: true,
            SSEType: 'KMS',
            KMSMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
          },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          DeletionProtectionEnabled: retained,
        },
        DeletionPolicy: retained ? 'RetainExceptOnCreate' : 'Delete',
        UpdateReplacePolicy: retained ? 'Retain' : 'Delete',
      });
    }
  });

  it('rotates both keys yearly and keeps them when prod data would need them', () => {
    const keys = resourcesOfType(template, 'AWS::KMS::Key');
    expect(keys.map(([id]) => id).sort()).toEqual([dataKeyId, logsKeyId].sort());
    for (const [, key] of keys) {
      expect(key.Properties?.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe(retained ? 'RetainExceptOnCreate' : 'Delete');
    }
  });

  it('lets CloudWatch Logs use the logs key only for the stage log groups', () => {
    const statement = allStatements(template).find(
      ({ resource, statement }) =>
        resource === logsKeyId && statement.Sid === 'CloudWatchLogsUsesKeyForOurLogGroups',
    )?.statement;
    expect(statement?.Effect).toBe('Allow');
    const patterns = JSON.stringify(statement?.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']);
    expect(patterns).toContain(`log-group:/occ/${config.stage}/*`);
    expect(patterns).toContain(`log-group:/aws/vendedlogs/states/${config.prefix}-*`);
  });

  it('encrypts the lookup queue and its dead-letter queue with the data key and refuses plain HTTP', () => {
    const dlqId = stateful.getLogicalId(stateful.lookupDeadLetterQueue.node.defaultChild as never);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: `${config.prefix}-lookups`,
      KmsMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: config.queue.maxReceiveCount,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: `${config.prefix}-lookups-dlq`,
      KmsMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const queuePolicies = allStatements(template).filter(({ type }) => type === 'AWS::SQS::QueuePolicy');
    expect(queuePolicies).toHaveLength(2);
    for (const { statement } of queuePolicies) {
      expect(statement).toMatchObject({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('keeps the pepper, the token and phone keys and every exchanged secret in Secrets Manager under the data key', () => {
    const names = [
      config.secretNames.pepper,
      config.secretNames.tokenKey,
      config.secretNames.phoneKey,
      config.secretNames.wechat,
      config.secretNames.alipayKey,
      config.carrier.secretName,
      config.officialAccount.secretName,
      config.officialAccount.messageTokenSecretName,
      ...config.partners.map((partner) => partner.secretName),
    ];
    // WeChat takes a message token of at most 32 characters; the official account's secret is JSON.
    const shorter = [config.officialAccount.secretName, config.officialAccount.messageTokenSecretName];
    const secrets = resourcesOfType(template, 'AWS::SecretsManager::Secret');
    expect(secrets.map(([, secret]) => secret.Properties?.Name).sort()).toEqual([...names].sort());
    for (const [, secret] of secrets) {
      expect(secret.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': [dataKeyId, 'Arn'] });
      expect(secret.Properties?.GenerateSecretString).toMatchObject({
        PasswordLength: shorter.includes(String(secret.Properties?.Name)) ? 32 : 64,
      });
      expect(secret.DeletionPolicy).toBe(retained ? 'RetainExceptOnCreate' : 'Delete');
    }
  });

  it("holds the official account's AppID and AppSecret as JSON, the AppID for a maintainer to put in", () => {
    const [, secret] =
      resourcesOfType(template, 'AWS::SecretsManager::Secret').find(
        ([, candidate]) => candidate.Properties?.Name === config.officialAccount.secretName,
      ) ?? [];
    expect(secret?.Properties?.GenerateSecretString).toMatchObject({
      SecretStringTemplate: JSON.stringify({ appId: 'wx-put-the-appid-here' }),
      GenerateStringKey: 'secret',
    });
  });

  it('sets the account SMS preferences: transactional, the stage spend limit, sender 10699000', () => {
    const calls = resourcesOfType(template, 'Custom::AWS').map(([, resource]) => resource.Properties ?? {});
    expect(calls).toHaveLength(2);
    const parsed = calls.map((call) => {
      expect(call.Update).toEqual(call.Create);
      expect(call.Delete).toBeUndefined();
      return customResourceCall(call.Create) as {
        service: string;
        action: string;
        parameters: { attributes: Record<string, string> };
        ignoreErrorCodesMatching?: string;
      };
    });
    for (const call of parsed) expect(call).toMatchObject({ service: 'SNS', action: 'setSMSAttributes' });
    const settings = parsed.find((call) => call.ignoreErrorCodesMatching === undefined);
    expect(settings?.parameters.attributes).toEqual({
      DefaultSMSType: 'Transactional',
      MonthlySpendLimit: String(snsSms(config).monthlySpendLimitUsd),
      DeliveryStatusIAMRole: expect.any(String),
      DeliveryStatusSuccessSamplingRate: '100',
    });
    const sender = parsed.find((call) => call.ignoreErrorCodesMatching !== undefined);
    expect(sender?.parameters.attributes).toEqual({ DefaultSenderID: '10699000' });
    expect(sender?.ignoreErrorCodesMatching).toBe('InvalidParameter.*');
  });

  it('grants the SMS settings role exactly SetSMSAttributes, passing the delivery status role, and its own log writes', () => {
    const actions = allStatements(template)
      .filter(({ type, statement }) => type === 'AWS::IAM::Policy' && statement.Effect === 'Allow')
      .flatMap(({ statement }) => asList(statement.Action))
      .sort();
    expect(actions).toEqual([
      'iam:PassRole',
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'logs:PutLogEvents',
      'sns:SetSMSAttributes',
    ]);
  });
});
