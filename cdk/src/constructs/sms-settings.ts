import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, Logging, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { SnsSmsConfig, StageConfig } from '../stages.ts';

export interface SmsSettingsProps {
  sms: SnsSmsConfig;
  logGroupName: string;
  logsKey: IKey;
  config: StageConfig;
}

/** SNS's per-message SMS delivery status log groups (success and failure), named by SNS itself. */
export function smsDeliveryLogGroupNames(stack: Stack): string[] {
  const base = `sns/${stack.region}/${stack.account}/DirectPublishToPhoneNumber`;
  return [base, `${base}/Failure`];
}

/**
 * The account's SNS SMS preferences: transactional type (delivery over cost), the monthly spend cap,
 * delivery status logging and the sender. CloudFormation has no resource for them, so
 * `SetSMSAttributes` sets them on create and update; deleting the stack leaves them as they were.
 *
 * Delivery status: SNS logs every SMS's fate (delivered, or why not, with its message id) through
 * a role it assumes. The two log groups it writes are created here first, encrypted and with the
 * stage's short `deliveryLogRetention`, because those lines name the destination number and SNS
 * would otherwise create them unencrypted and keep them forever.
 *
 * The sender is a separate call whose rejection does not fail the deployment: SNS accepts only
 * sender IDs with a letter in them, while a mainland service port such as 10699000 is all digits and
 * is bound to the registered templates by the SMS provider rather than set per account (README).
 */
export class SmsSettings extends Construct {
  /** The attributes that must take effect. */
  readonly attributes: Record<string, string>;
  /** The sender, set where SNS accepts it. */
  readonly senderAttributes: Record<string, string>;
  /** The role SNS assumes to log delivery status. */
  readonly deliveryRole: Role;
  /** SNS's delivery status log groups, success then failure. */
  readonly deliveryLogs: LogGroup[];

  constructor(scope: Construct, id: string, props: SmsSettingsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deliveryLogs = smsDeliveryLogGroupNames(stack).map(
      (logGroupName, index) =>
        new LogGroup(this, index === 0 ? 'DeliveryLogs' : 'DeliveryFailureLogs', {
          logGroupName,
          retention: props.sms.deliveryLogRetention,
          encryptionKey: props.logsKey,
          removalPolicy: props.config.removalPolicy,
        }),
    );
    this.deliveryRole = new Role(this, 'DeliveryStatusRole', {
      assumedBy: new ServicePrincipal('sns.amazonaws.com'),
      description: 'Lets SNS write SMS delivery status to the two delivery log groups',
    });
    this.deliveryRole.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: this.deliveryLogs.map((logGroup) => logGroup.logGroupArn),
      }),
    );
    this.attributes = {
      DefaultSMSType: 'Transactional',
      MonthlySpendLimit: String(props.sms.monthlySpendLimitUsd),
      DeliveryStatusIAMRole: this.deliveryRole.roleArn,
      DeliveryStatusSuccessSamplingRate: '100',
    };
    this.senderAttributes = { DefaultSenderID: props.sms.senderId };

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
    // Naming the delivery status role in SetSMSAttributes passes it to SNS.
    role.addToPolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.deliveryRole.roleArn] }),
    );

    const call = (attributes: Record<string, string>, name: string, ignoreErrorCodesMatching?: string) => ({
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes },
      physicalResourceId: PhysicalResourceId.of(`${Stack.of(this).stackName}-${name}`),
      logging: Logging.withDataHidden(),
      ...(ignoreErrorCodesMatching ? { ignoreErrorCodesMatching } : {}),
    });
    const settings = call(this.attributes, 'sms-settings');
    new AwsCustomResource(this, 'Resource', {
      onCreate: settings,
      onUpdate: settings,
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    const sender = call(this.senderAttributes, 'sms-sender', 'InvalidParameter.*');
    new AwsCustomResource(this, 'Sender', {
      onCreate: sender,
      onUpdate: sender,
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
