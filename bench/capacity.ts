import type { BenchRow, SectionResult } from './lib/types.ts';
import { PRICES } from './prices.ts';
import type { QueryCost } from './service.ts';

/**
 * The capacity model of docs/scale.md: for each AWS quota a query uses, how many queries a second
 * the account's default quota sustains, from the per-query counts the cost section measured in the
 * same run. Inputs that are not measurements are named here, with their reasons.
 */
export const LOAD = {
  /**
   * Queries a second at the launch-day peak: 3,000,000 queries on the first day, 10 % of them in
   * the busiest hour, and minutes within that hour at 1.5 × its mean (3e6 × 0.10 / 3,600 × 1.5).
   */
  launchPeakQps: 125,
  /** How long one company call keeps its Lambda busy: the slowest company of the fan-out bench. */
  partnerCallSeconds: 0.5,
  /** Every other invocation, on Lambda (the local timings share one CPU and are not Lambda's). */
  handlerSeconds: 0.1,
} as const;

/**
 * Default quotas of one account in one region outside us-east-1, us-west-2 and eu-west-1 (the
 * stacks deploy to ap-southeast-1): the Step Functions Developer Guide "Quotas", the API Gateway,
 * Lambda and DynamoDB quota pages, and the stage configuration of cdk/src/stages.ts for the prod
 * limits the stack itself sets. Check them in Service Quotas before a launch: AWS changes them.
 */
export const QUOTAS = {
  /** API Gateway: requests a second per account and region, all APIs together. */
  apiRequestsPerSecond: 10_000,
  /** The prod stage's own throttle on POST /v1/verification-codes (cdk/src/stages.ts). */
  codeRouteRequestsPerSecond: 300,
  /** Step Functions Standard StartExecution refill rate (bucket 800). */
  startExecutionPerSecond: 150,
  /** Step Functions Standard state transitions refill rate (bucket 800). */
  stateTransitionsPerSecond: 500,
  /** Step Functions SendTaskSuccess refill rate (bucket 1,500). */
  sendTaskSuccessPerSecond: 300,
  /** Lambda concurrent executions per account and region. */
  lambdaConcurrency: 1_000,
  /** DynamoDB on-demand: write request units a second per table. */
  tableWriteUnitsPerSecond: 40_000,
  /** DynamoDB: writes a second to one partition key (one item). */
  keyWritesPerSecond: 1_000,
  /** Items the global daily code cap is spread over (functions/src/composition.ts). */
  globalCapShards: 10,
  /** A company's calls a second in the prod registry (cdk/src/stages.ts), one item per 100. */
  companyCallsPerSecond: 200,
  /** SNS SMS monthly spend quota of a new account, USD. */
  smsMonthlySpendUsd: 1,
} as const;

interface Demand {
  resource: string;
  /** How much of the resource one query uses, and in what unit. */
  perQuery: number;
  unit: string;
  /** What one query costs against `quota` (same unit as the quota, per second). */
  quota: number;
  quotaLabel: string;
}

/** Per query, each quota's demand; the queries a second a quota sustains is quota ÷ demand. */
export function demands(cost: QueryCost): Demand[] {
  const companies = cost.byHandler['call-company'] ?? 0;
  const codeRequests = cost.byHandler['request-code'] ?? 0;
  const lambdaSeconds =
    companies * LOAD.partnerCallSeconds + (cost.invocations - companies) * LOAD.handlerSeconds;
  const partnerShards = Math.ceil(QUOTAS.companyCallsPerSecond / 100);
  return [
    {
      resource: 'API Gateway requests',
      perQuery: cost.httpRequests,
      unit: 'requests',
      quota: QUOTAS.apiRequestsPerSecond,
      quotaLabel: `${QUOTAS.apiRequestsPerSecond.toLocaleString('en-US')}/s per account`,
    },
    {
      resource: 'POST /v1/verification-codes',
      perQuery: codeRequests,
      unit: 'requests',
      quota: QUOTAS.codeRouteRequestsPerSecond,
      quotaLabel: `${QUOTAS.codeRouteRequestsPerSecond}/s, the prod stage's route throttle`,
    },
    {
      resource: 'Step Functions StartExecution',
      perQuery: 1,
      unit: 'calls',
      quota: QUOTAS.startExecutionPerSecond,
      quotaLabel: `${QUOTAS.startExecutionPerSecond}/s refill, bucket 800`,
    },
    {
      resource: 'Step Functions state transitions',
      perQuery: cost.transitions,
      unit: 'transitions',
      quota: QUOTAS.stateTransitionsPerSecond,
      quotaLabel: `${QUOTAS.stateTransitionsPerSecond}/s refill, bucket 800`,
    },
    {
      resource: 'Step Functions SendTaskSuccess',
      perQuery: companies,
      unit: 'calls (one per company)',
      quota: QUOTAS.sendTaskSuccessPerSecond,
      quotaLabel: `${QUOTAS.sendTaskSuccessPerSecond}/s refill, bucket 1,500`,
    },
    {
      resource: 'Lambda concurrency',
      perQuery: lambdaSeconds,
      unit: `s of Lambda (${companies} company calls × ${LOAD.partnerCallSeconds} s, others × ${LOAD.handlerSeconds} s)`,
      quota: QUOTAS.lambdaConcurrency,
      quotaLabel: `${QUOTAS.lambdaConcurrency.toLocaleString('en-US')} concurrent executions`,
    },
    {
      resource: 'DynamoDB write request units (all tables)',
      perQuery: cost.writeUnits,
      unit: 'WRU',
      quota: QUOTAS.tableWriteUnitsPerSecond,
      quotaLabel: `${QUOTAS.tableWriteUnitsPerSecond.toLocaleString('en-US')} WRU/s per table`,
    },
    {
      resource: 'DynamoDB writes to one global-cap item',
      perQuery: codeRequests / QUOTAS.globalCapShards,
      unit: `writes (${QUOTAS.globalCapShards} items)`,
      quota: QUOTAS.keyWritesPerSecond,
      quotaLabel: `${QUOTAS.keyWritesPerSecond.toLocaleString('en-US')} writes/s per key`,
    },
    {
      resource: 'DynamoDB writes to one company-rate item',
      perQuery: 1 / partnerShards,
      unit: `writes (${partnerShards} items per company)`,
      quota: QUOTAS.keyWritesPerSecond,
      quotaLabel: `${QUOTAS.keyWritesPerSecond.toLocaleString('en-US')} writes/s per key`,
    },
    {
      resource: 'calls to one company',
      perQuery: 1,
      unit: 'calls',
      quota: QUOTAS.companyCallsPerSecond,
      quotaLabel: `${QUOTAS.companyCallsPerSecond}/s, the prod registry's rate`,
    },
  ];
}

/** The capacity rows: what each default quota sustains, beside the launch-day peak. */
export function measureCapacity(cost: QueryCost | undefined): SectionResult {
  if (!cost) throw new Error('the capacity model needs the cost section of the same run');
  const peak = LOAD.launchPeakQps;
  const rows: BenchRow[] = demands(cost).map((demand) => {
    const sustained = demand.quota / demand.perQuery;
    return {
      section: 'Capacity',
      measure: `${demand.resource}: ${round(demand.perQuery)} ${demand.unit} a query; quota ${demand.quotaLabel}`,
      value: Math.round(sustained),
      unit: 'queries/s',
      baseline: { label: 'launch-day peak', value: peak, unit: 'queries/s' },
      ratio: sustained / peak,
      note: `at the peak ${round(demand.perQuery * peak)}/s, at 10 × ${round(demand.perQuery * peak * 10)}/s`,
    };
  });
  const smsPerMonthAtQuota = QUOTAS.smsMonthlySpendUsd / (cost.smsSegments * PRICES.smsChinaPerSegment);
  rows.push({
    section: 'Capacity',
    measure: `SNS SMS spend: ${round(cost.smsSegments)} segments a query; quota ${QUOTAS.smsMonthlySpendUsd} USD a month`,
    value: Math.floor(smsPerMonthAtQuota),
    unit: 'queries a month',
    note: `SMS per second at the peak ${round(cost.smsMessages * peak)}, at 10 × ${round(cost.smsMessages * peak * 10)}`,
  });
  return { rows, details: { load: LOAD, quotas: QUOTAS, perQuery: cost } };
}

function round(value: number): number {
  return value >= 100 ? Math.round(value) : Number(value.toFixed(2));
}
