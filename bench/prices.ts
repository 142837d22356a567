/**
 * Every price the cost figures use, in one place: these are inputs, not measurements. AWS list
 * prices, US East (N. Virginia), on-demand, no free tier and no savings plan, as published in
 * November 2026 — change them here when AWS changes them or when you deploy elsewhere.
 */
export const PRICES = {
  source: 'AWS list price, November 2026, us-east-1, no free tier',
  /** DynamoDB on-demand, per million write request units (1 KB each). */
  dynamoWritePerMillion: 0.625,
  /** DynamoDB on-demand, per million read request units (4 KB strongly consistent, or 2 eventually consistent reads). */
  dynamoReadPerMillion: 0.125,
  /** Step Functions Standard workflows, per 1,000 state transitions. */
  stepFunctionsPerThousandTransitions: 0.025,
  /** Lambda, per million requests. */
  lambdaPerMillionRequests: 0.2,
  /** Lambda on arm64, per GB-second of duration. */
  lambdaArmPerGbSecond: 0.0000133334,
  /** SQS standard queue, per million requests (each 64 KB chunk of a message is one request). */
  sqsPerMillionRequests: 0.4,
  /** API Gateway HTTP API, per million requests (first 300 million a month). */
  httpApiPerMillionRequests: 1.0,
  /**
   * SNS SMS to mainland China (+86), transactional, per message part. SMS prices change with the
   * carriers more often than anything above: check the SNS SMS price table for CN before budgeting.
   */
  smsChinaPerSegment: 0.025,
} as const;

/** Queries a month the bill is computed for. */
export const QUERIES_PER_MONTH = 1_000_000;
