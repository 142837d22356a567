import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { StageConfig } from '../stages.ts';
import { alarmNamePrefix } from './alarm-topic.ts';

/**
 * What lets `npm run smoke` prove that an alarm reaches its recipients: an alarm on a metric
 * nothing emits (so it only fires when the smoke run sets it to ALARM) notifying the alarm topic,
 * and a queue subscribed to the topic where the run sees the notification arrive. The recipients
 * get the same e-mail, marked as a smoke check.
 */
export class SmokeCheck extends Construct {
  readonly alarm: Alarm;
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: { config: StageConfig; topic: Topic }) {
    super(scope, id);
    const { config, topic } = props;
    this.alarm = new Alarm(this, 'Alarm', {
      alarmName: `${alarmNamePrefix(config)}smoke-check`,
      alarmDescription:
        'Set to ALARM by npm run smoke to prove that alarms reach the alarm topic and its recipients; nothing else fires it. No action needed.',
      metric: new Metric({
        // Its own namespace: nothing emits it, and the service's metric list stays what the functions emit.
        namespace: 'OneCardCheck/SmokeCheck',
        metricName: 'SmokeCheck',
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new SnsAction(topic));
    // Alarm notifications hold alarm names and states, nothing personal: SQS-managed encryption.
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.hours(1),
    });
    topic.addSubscription(new SqsSubscription(this.queue));
    acknowledge(
      this.queue,
      'AwsSolutions-SQS3',
      'The smoke queue only collects alarm notifications for npm run smoke to read, kept one hour; a notification it cannot take is of no further use, so it needs no dead-letter queue.',
    );
    new CfnOutput(scope, 'SmokeAlarmName', { value: this.alarm.alarmName });
    new CfnOutput(scope, 'SmokeQueueUrl', { value: this.queue.queueUrl });
  }
}
