import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { StageConfig } from '../stages.ts';

/** Every alarm of a stage is named with this prefix; the topic lets only those alarms publish. */
export function alarmNamePrefix(config: StageConfig): string {
  return `${config.prefix}-`;
}

/**
 * The stage's alarm topic: encrypted with the data key, TLS only, with the alarm recipients
 * subscribed by e-mail. A topic policy replaces SNS's default policy, so the services that notify
 * it are allowed here by name: CloudWatch, for this account's alarms of this stage only
 * (`aws:SourceAccount` and `aws:SourceArn`, as the SNS developer guide advises against the
 * confused-deputy problem). The data key's policy lets CloudWatch encrypt to the topic.
 */
export function createAlarmTopic(
  scope: Construct,
  id: string,
  props: { config: StageConfig; dataKey: IKey },
): Topic {
  const { config } = props;
  const stack = Stack.of(scope);
  const topic = new Topic(scope, id, {
    topicName: `${config.prefix}-alarms`,
    displayName: `One Card Check ${config.stage} alarms`,
    masterKey: props.dataKey,
    enforceSSL: true,
  });
  allowServiceToPublish(
    topic,
    'CloudWatchAlarmsOfThisStagePublish',
    'cloudwatch',
    `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${alarmNamePrefix(config)}*`,
  );
  for (const email of config.alarmEmails) topic.addSubscription(new EmailSubscription(email));
  return topic;
}

/**
 * Lets an AWS service publish to the topic on behalf of this account's resources matching
 * `sourceArn` only (`aws:SourceAccount` and `aws:SourceArn`, against the confused deputy).
 */
export function allowServiceToPublish(topic: Topic, sid: string, service: string, sourceArn: string): void {
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid,
      principals: [new ServicePrincipal(`${service}.amazonaws.com`)],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(topic).account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    }),
  );
}
