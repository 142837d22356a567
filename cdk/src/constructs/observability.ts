import {
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  type MetricName,
  type MetricSpec,
} from '@occ/functions/metrics.ts';
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { pascal } from '../names.ts';
import type { StageConfig } from '../stages.ts';
import { alarmNamePrefix, createAlarmTopic } from './alarm-topic.ts';
import type { OccFunction } from './occ-function.ts';

/**
 * One of the service's own metrics (`functions/src/metrics.ts`), as the functions emit it: with the
 * `service` dimension Powertools adds, and one of the metric's own dimension sets. Anything else is
 * refused, so no alarm or graph can name a metric or a dimension set that nothing emits.
 */
export function serviceMetric(
  name: MetricName,
  dimensions: Record<string, string> = {},
  period: Duration = Duration.minutes(5),
): Metric {
  const given = Object.keys(dimensions).sort().join(',');
  const sets: readonly (readonly string[])[] = METRICS[name].dimensionSets;
  if (!sets.some((set) => [...set].sort().join(',') === given))
    throw new Error(`${name} is not emitted with the dimensions [${given}]`);
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRIC_SERVICE, ...dimensions },
    period,
    statistic: METRICS[name].unit === 'Seconds' ? 'p99' : 'Sum',
  });
}

export interface ObservabilityProps {
  config: StageConfig;
  functions: Record<string, OccFunction>;
  api: HttpApi;
  stateMachine: StateMachine;
  queue: Queue;
  deadLetterQueue: Queue;
  dataKey: IKey;
  /** Ended executions close-stranded could not be given or could not close. */
  strandedDeadLetterQueue: Queue;
}

/**
 * Alarms on what needs a person (function errors and throttles, a queue that stops draining, dead
 * letters, failed workflow executions, SMS that SNS could not deliver, a reply whose delivery is
 * unconfirmed, a company that keeps not answering) and one dashboard with the same figures.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config } = props;
    const fiveMinutes = Duration.minutes(5);

    this.topic = createAlarmTopic(this, 'AlarmTopic', { config, dataKey: props.dataKey });

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, alarmId, {
        alarmName: `${alarmNamePrefix(config)}${kebab(alarmId)}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const functionEntries = Object.entries(props.functions);
    for (const [name, fn] of functionEntries) {
      alarm(
        `${pascal(name)}Errors`,
        fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `${name} failed at least once in 5 minutes: read its log group ${fn.logGroup.logGroupName}.`,
      );
      alarm(
        `${pascal(name)}Throttles`,
        fn.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `${name} was throttled: the account's concurrency is exhausted or a limit is too low.`,
      );
    }

    alarm(
      'ApiServerErrors',
      props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      5,
      'The API answered 5xx five or more times in 5 minutes: a function is failing or timing out.',
    );

    const queueAge = props.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) });
    alarm(
      'LookupQueueAge',
      queueAge,
      config.queue.maxAgeSeconds,
      `Accepted queries have waited over ${config.queue.maxAgeSeconds} s to start: the starter is failing or saturated.`,
    );
    // close-stranded drains the dead-letter queue (closing each query as FAILED), so the queue's
    // depth stays near zero: every dead letter is counted by the LookupDeadLettered metric instead
    // (its alarm comes from the metric list below), and the depth alarm now means that close-stranded
    // could not take a dead letter.
    const deadLettered = serviceMetric('LookupDeadLettered');
    const deadLetters = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    alarm(
      'LookupDeadLetters',
      deadLetters,
      1,
      'A dead letter stays in the lookup dead-letter queue: close-stranded could not close its query (see its errors); it retries the message until it succeeds.',
    );
    const strandedDeadLetters = props.strandedDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    alarm(
      'StrandedCloseFailed',
      strandedDeadLetters,
      1,
      'An execution ended without closing its query and close-stranded could not close it either: the event waits in the stranded dead-letter queue. Fix the cause, then invoke close-stranded with each message body (cdk/README.md).',
    );

    const executionsFailed = props.stateMachine.metricFailed({ period: fiveMinutes, statistic: 'Sum' });
    const executionsTimedOut = props.stateMachine.metricTimedOut({ period: fiveMinutes, statistic: 'Sum' });
    alarm(
      'WorkflowExecutionsFailed',
      executionsFailed,
      1,
      'A lookup execution failed: a reply could not be sent (the query is FAILED) or a step broke.',
    );
    alarm(
      'WorkflowExecutionsTimedOut',
      executionsTimedOut,
      1,
      'A lookup execution ran past its 48-hour limit.',
    );

    // SMS published straight to phone numbers report under the PhoneNumber=PhoneNumberDirect dimension.
    const directSms = (metricName: string) =>
      new Metric({
        namespace: 'AWS/SNS',
        metricName,
        dimensionsMap: { PhoneNumber: 'PhoneNumberDirect' },
        period: fiveMinutes,
        statistic: 'Sum',
      });
    const smsFailed = directSms('NumberOfNotificationsFailed');
    const smsDelivered = directSms('NumberOfNotificationsDelivered');
    const smsSpend = new Metric({
      namespace: 'AWS/SNS',
      metricName: 'SMSMonthToDateSpentUSD',
      period: Duration.hours(1),
      statistic: 'Maximum',
    });
    // SNS metrics exist only where SNS sends the SMS (the sandbox writes them to its outbox).
    const sns = config.sms.gateway === 'sns' ? config.sms : undefined;
    if (sns) {
      alarm(
        'SmsFailures',
        smsFailed,
        1,
        'SNS could not deliver an SMS (verification code or reply): check the +86 template registration and the spend limit.',
      );
      alarm(
        'SmsSpendNearLimit',
        smsSpend,
        sns.monthlySpendLimitUsd * 0.8,
        'SMS spend this month passed 80% of the limit; at the limit SNS stops sending, codes and replies included.',
      );
    }

    // The service's own metrics: an alarm for each that the metric list gives one (per company
    // where it says so), on the metric exactly as the functions emit it.
    const unavailable = new Map<string, Metric>();
    for (const [name, spec] of Object.entries(METRICS) as [MetricName, MetricSpec][]) {
      const { alarm: wanted } = spec;
      if (!wanted) continue;
      const period = Duration.minutes(wanted.periodMinutes);
      if (!wanted.perCompany) {
        alarm(name, serviceMetric(name, {}, period), wanted.threshold, wanted.description);
        continue;
      }
      for (const partner of config.partners) {
        const metric = serviceMetric(name, { companyId: partner.companyId }, period);
        if (name === 'CompanyUnavailable') unavailable.set(partner.companyId, metric);
        alarm(
          `${pascal(partner.companyId)}${name.replace(/^Company/, '')}`,
          metric,
          wanted.threshold,
          `${partner.companyId} ${wanted.description}`,
        );
      }
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${config.prefix}-operations`,
      defaultInterval: Duration.hours(6),
    });
    const fnMetrics = (pick: (fn: OccFunction) => IMetric) => functionEntries.map(([, fn]) => pick(fn));
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# One Card Check ${config.stage}\nAPI, lookup queue, workflow, SMS and companies. Alarms: topic \`${config.prefix}-alarms\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [
          props.api.metricCount({ period: fiveMinutes }),
          props.api.metricClientError({ period: fiveMinutes }),
          props.api.metricServerError({ period: fiveMinutes }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p99)',
        left: [props.api.metricLatency({ period: fiveMinutes, statistic: 'p99' })],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors',
        left: fnMetrics((fn) => fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' })),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function throttles',
        left: fnMetrics((fn) => fn.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lookup queue: age of oldest message (s)', left: [queueAge], width: 8 }),
      new GraphWidget({
        title: 'Dead letters',
        left: [
          deadLettered.with({ label: 'lookup dead letters closed' }),
          deadLetters.with({ label: 'lookup dead letters waiting' }),
          strandedDeadLetters.with({ label: 'stranded events waiting' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Lookup executions',
        left: [
          props.stateMachine.metricStarted({ period: fiveMinutes, statistic: 'Sum' }),
          props.stateMachine.metricSucceeded({ period: fiveMinutes, statistic: 'Sum' }),
          executionsFailed,
          executionsTimedOut,
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      ...(sns
        ? [
            new GraphWidget({ title: 'SMS delivered and failed', left: [smsDelivered, smsFailed], width: 8 }),
            new GraphWidget({ title: 'SMS spend this month (USD)', left: [smsSpend], width: 8 }),
          ]
        : []),
      new GraphWidget({
        title: 'Companies unavailable (per 15 min)',
        left: [...unavailable.entries()].map(([companyId, metric]) => metric.with({ label: companyId })),
        width: 8,
      }),
    );
    // The service's own figures, from the metric list.
    const byReason = (name: MetricName, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRIC_NAMESPACE},service,reason} MetricName="${name}"', 'Sum', 300)`,
        label,
        period: fiveMinutes,
      });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Codes sent and refused (by reason)',
        left: [serviceMetric('CodeSent').with({ label: 'sent' }), byReason('CodeRefused', 'refused')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Queries accepted and refused (by reason)',
        left: [
          serviceMetric('QueryAccepted').with({ label: 'accepted' }),
          byReason('QueryRejected', 'refused'),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: '202 → reply SMS (s)',
        left: [
          serviceMetric('ReplyLatency').with({ statistic: 'p50', label: 'p50' }),
          serviceMetric('ReplyLatency').with({ label: 'p99' }),
        ],
        width: 8,
      }),
    );
    // Success rate of the workflow as one figure, for the review of cost and reliability per query.
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Lookup success rate (%)',
        left: [
          new MathExpression({
            expression: 'IF(started > 0, 100 * succeeded / started, 100)',
            usingMetrics: {
              succeeded: props.stateMachine.metricSucceeded({ period: Duration.hours(1), statistic: 'Sum' }),
              started: props.stateMachine.metricStarted({ period: Duration.hours(1), statistic: 'Sum' }),
            },
            label: 'succeeded / started',
            period: Duration.hours(1),
          }),
        ],
        width: 24,
      }),
    );
  }
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
