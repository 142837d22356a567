/**
 * The service's own metrics, as one typed list: what the functions emit (in CloudWatch's embedded
 * metric format, through Powertools for AWS Lambda Metrics) and what the alarms and the dashboard in
 * `cdk/src/constructs/observability.ts` are built from, so an alarm cannot name a metric that
 * nothing emits. Each metric is emitted when a log event of its name is written (whichever function
 * writes it: the list names events, never handlers), counting 1 or the value of one field, with
 * dimensions taken from fields of the same line. Pure data: CDK imports it.
 */

/** The CloudWatch namespace of the service's own metrics. */
export const METRIC_NAMESPACE = 'OneCardCheck';
/** Powertools adds `service` to every dimension set; alarms name it too. */
export const METRIC_SERVICE = 'one-card-check';

export interface MetricAlarm {
  /** Alarm at or above this sum over the period. */
  threshold: number;
  periodMinutes: number;
  /** One alarm per company (on the `companyId` dimension set), or one for the whole service. */
  perCompany?: boolean;
  description: string;
}

export interface MetricSpec {
  /** The log event whose every line emits this metric. */
  event: string;
  unit: 'Count' | 'Seconds';
  /** The field holding the value; 1 per line when absent. */
  valueField?: string;
  /** Dimension sets, each a list of log fields; `[]` is the metric without dimensions. */
  dimensionSets: readonly (readonly string[])[];
  description: string;
  alarm?: MetricAlarm;
}

export const METRICS = {
  CodeSent: {
    event: 'code_sent',
    unit: 'Count',
    dimensionSets: [[]],
    description: 'Verification codes handed to the SMS gateway',
  },
  CodeRefused: {
    event: 'code_refused',
    unit: 'Count',
    dimensionSets: [['reason']],
    description: 'Code requests refused, by error code (limits, cooldown, number not in service…)',
  },
  QueryAccepted: {
    event: 'query_accepted',
    unit: 'Count',
    dimensionSets: [[]],
    description: 'Queries accepted (202), whether or not the ID suffix matched',
  },
  QueryRejected: {
    event: 'query_refused',
    unit: 'Count',
    dimensionSets: [['reason']],
    description: 'Submissions refused, by error code (wrong or expired code, cooldown…)',
  },
  CompanyUnavailable: {
    event: 'company_unavailable',
    unit: 'Count',
    dimensionSets: [['companyId'], ['task']],
    description: 'A company recorded unavailable for a query, by company and by the task that decided it',
    alarm: {
      threshold: 5,
      periodMinutes: 15,
      perCompany: true,
      description:
        'was unavailable for 5 or more queries in 15 minutes: replies go out as partial results. Check its endpoint and secret.',
    },
  },
  ReplyDeliveryUnconfirmed: {
    event: 'reply_delivery_unconfirmed',
    unit: 'Count',
    dimensionSets: [[]],
    description: 'A reply handed to the gateway without an answer, recorded delivered and never sent again',
    alarm: {
      threshold: 1,
      periodMinutes: 5,
      description:
        'A reply SMS was handed to SNS but no answer came back; it was not sent again and the query is recorded COMPLETED. Check SNS delivery logs for that query; the citizen may query again after 24 hours.',
    },
  },
  SmsNotSent: {
    event: 'sms_not_sent',
    unit: 'Count',
    dimensionSets: [[]],
    description:
      'Messages the SMS gateway answered it did not take (refused template, flow control, spend limit); the log line says whether a code or a reply',
    alarm: {
      threshold: 3,
      periodMinutes: 15,
      description:
        'The SMS gateway refused 3 or more messages in 15 minutes: refused codes answer the citizen 503, refused replies are retried by the workflow, then the query fails. The reason is in the sms_not_sent lines of request-code and send-reply; in china compare the Alibaba Cloud SMS console (发送记录, template and signature status, daily limits).',
    },
  },
  ReplyLatency: {
    event: 'reply_sent',
    unit: 'Seconds',
    valueField: 'secondsSinceAccepted',
    dimensionSets: [[]],
    description: 'From the 202 of POST /v1/queries to the reply handed to the SMS gateway',
  },
  LookupDeadLettered: {
    event: 'lookup_dead_lettered',
    unit: 'Count',
    dimensionSets: [[]],
    description: 'A query whose lookup never started, closed FAILED from the lookup dead-letter queue',
    alarm: {
      threshold: 1,
      periodMinutes: 5,
      description:
        'A query could not start its lookup after every retry and went to the dead-letter queue; close-stranded closed it as FAILED (no reply). Find the cause in the start-lookup logs.',
    },
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

/** The metrics a log event emits. */
export function metricsOfEvent(event: string): MetricName[] {
  return (Object.keys(METRICS) as MetricName[]).filter((name) => METRICS[name].event === event);
}
