import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, Logging, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { StageConfig } from '../stages.ts';

export interface SmsSettingsProps {
  senderId: string;
  monthlySpendLimitUsd: number;
  logGroupName: string;
  logsKey: IKey;
  config: StageConfig;
}

/**
 * The account's SNS SMS preferences: sender, transactional type (delivery over cost) and the monthly
 * spend cap. CloudFormation has no resource for them, so one SDK call (`SetSMSAttributes`) sets them
 * on create and update; deleting the stack leaves them as they were.
 */
export class SmsSettings extends Construct {
  /** The attributes as sent to SNS, for tests and the README. */
  readonly attributes: Record<string, string>;

  constructor(scope: Construct, id: string, props: SmsSettingsProps) {
    super(scope, id);
    this.attributes = {
      DefaultSenderID: props.senderId,
      DefaultSMSType: 'Transactional',
      MonthlySpendLimit: String(props.monthlySpendLimitUsd),
    };

    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.config.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: props.config.removalPolicy,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Sets the account SNS SMS attributes during deployment',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const setAttributes = new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] });
    role.addToPolicy(setAttributes);

    const call = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes: this.attributes },
      physicalResourceId: PhysicalResourceId.of(`${Stack.of(this).stackName}-sms-settings`),
      logging: Logging.withDataHidden(),
    };
    new AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      role,
      logGroup,
      installLatestAwsSdk: false,
    });

    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'sns:SetSMSAttributes sets account-wide SMS preferences and supports no resource-level permission; AWS requires Resource "*".',
    );
  }
}
