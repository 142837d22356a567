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
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { pascal } from '../names.ts';
import type { StageConfig } from '../stages.ts';
import { alarmNamePrefix, createAlarmTopic } from './alarm-topic.ts';
import type { OccFunction } from './occ-function.ts';

/** The namespace of the service's own metrics (from structured logs). */
export const METRIC_NAMESPACE = 'OneCardCheck';
/** Log event the functions write when a company is recorded UNAVAILABLE for a query. */
export const UNAVAILABLE_EVENT = 'company_unavailable';
/** Log event SendReply writes when it cannot tell whether the reply SMS went out (it never sends twice). */
export const REPLY_UNCONFIRMED_EVENT = 'reply_delivery_unconfirmed';
/**
 * Error event close-stranded writes for each message of the lookup dead-letter queue. It drains that
 * queue, so the queue's depth no longer shows a dead letter: this event does.
 */
export const DEAD_LETTERED_EVENT = 'lookup_dead_lettered';

export interface UnavailabilitySource {
  logGroup: ILogGroup;
  /** Name of the structured-log field holding the event name and the company id. */
  eventField: string;
  companyField: string;
}

export interface ObservabilityProps {
  config: StageConfig;
  functions: Record<string, OccFunction>;
  api: HttpApi;
  stateMachine: StateMachine;
  queue: Queue;
  deadLetterQueue: Queue;
  dataKey: IKey;
  /** Log groups whose functions record a company as unavailable. */
  unavailabilitySources: UnavailabilitySource[];
  /** Log groups of the functions that may record a reply handed to SNS without an answer, and the event field. */
  replySources: { logGroup: ILogGroup; eventField: string }[];
  /** Log group of the function that drains the lookup dead-letter queue, and the field holding the event name. */
  deadLetterSource: { logGroup: ILogGroup; eventField: string };
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
    // depth stays near zero: every dead letter is counted from its error log event instead, and the
    // depth alarm now means that close-stranded could not take a dead letter.
    new MetricFilter(this, 'LookupDeadLetteredFilter', {
      logGroup: props.deadLetterSource.logGroup,
      filterPattern: FilterPattern.stringValue(
        `$.${props.deadLetterSource.eventField}`,
        '=',
        DEAD_LETTERED_EVENT,
      ),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'LookupDeadLettered',
      metricValue: '1',
    });
    const deadLettered = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'LookupDeadLettered',
      period: fiveMinutes,
      statistic: 'Sum',
    });
    alarm(
      'LookupDeadLettered',
      deadLettered,
      1,
      'A query could not start its lookup after every retry and went to the dead-letter queue; close-stranded closed it as FAILED (no reply). Find the cause in the start-lookup logs.',
    );
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

    // One metric per company from the functions' structured logs.
    for (const [index, source] of props.unavailabilitySources.entries()) {
      new MetricFilter(this, `CompanyUnavailable${index}`, {
        logGroup: source.logGroup,
        filterPattern: FilterPattern.stringValue(`$.${source.eventField}`, '=', UNAVAILABLE_EVENT),
        metricNamespace: METRIC_NAMESPACE,
        metricName: 'CompanyUnavailable',
        metricValue: '1',
        dimensions: { companyId: `$.${source.companyField}` },
      });
    }
    for (const [index, source] of props.replySources.entries()) {
      // The first keeps the id it always had, so adding sources does not replace its filter.
      new MetricFilter(this, `ReplyDeliveryUnconfirmedFilter${index === 0 ? '' : index}`, {
        logGroup: source.logGroup,
        filterPattern: FilterPattern.stringValue(`$.${source.eventField}`, '=', REPLY_UNCONFIRMED_EVENT),
        metricNamespace: METRIC_NAMESPACE,
        metricName: 'ReplyDeliveryUnconfirmed',
        metricValue: '1',
      });
    }
    alarm(
      'ReplyDeliveryUnconfirmed',
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'ReplyDeliveryUnconfirmed',
        period: fiveMinutes,
        statistic: 'Sum',
      }),
      1,
      'A reply SMS was handed to SNS but no answer came back; it was not sent again and the query is recorded COMPLETED. Check SNS delivery logs for that query; the citizen may query again after 24 hours.',
    );

    const unavailable = new Map<string, Metric>();
    for (const partner of config.partners) {
      const metric = new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'CompanyUnavailable',
        dimensionsMap: { companyId: partner.companyId },
        period: Duration.minutes(15),
        statistic: 'Sum',
      });
      unavailable.set(partner.companyId, metric);
      alarm(
        `${pascal(partner.companyId)}Unavailable`,
        metric,
        5,
        `${partner.companyId} was unavailable for 5 or more queries in 15 minutes: replies go out as partial results. Check its endpoint and secret.`,
      );
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
