import { handler as callCompany } from '@occ/functions/handlers/call-company.ts';
import { handler as closeStranded } from '@occ/functions/handlers/close-stranded.ts';
import { handler as createSession } from '@occ/functions/handlers/create-session.ts';
import { handler as fallback } from '@occ/functions/handlers/fallback.ts';
import { handler as getHealth } from '@occ/functions/handlers/get-health.ts';
import { handler as getQuery } from '@occ/functions/handlers/get-query.ts';
import { handler as listCompanies } from '@occ/functions/handlers/list-companies.ts';
import { handler as markUnavailable } from '@occ/functions/handlers/mark-unavailable.ts';
import { handler as partnerResult } from '@occ/functions/handlers/partner-result.ts';
import { handler as prepareLookup } from '@occ/functions/handlers/prepare-lookup.ts';
import { handler as recordDelivery } from '@occ/functions/handlers/record-delivery.ts';
import { handler as recordFailure } from '@occ/functions/handlers/record-failure.ts';
import { handler as requestCode } from '@occ/functions/handlers/request-code.ts';
import { handler as sendReply } from '@occ/functions/handlers/send-reply.ts';
import { handler as startLookup } from '@occ/functions/handlers/start-lookup.ts';
import { handler as submitQuery } from '@occ/functions/handlers/submit-query.ts';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';

export type HttpLambda = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
// biome-ignore lint/suspicious/noExplicitAny: workflow tasks take and return the JSON of their state
export type TaskLambda = (input: any) => Promise<unknown>;
export type QueueLambda = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The very handlers the Lambda functions run, by catalogue name. */
export const HTTP_HANDLERS: Record<string, HttpLambda> = {
  'get-health': getHealth,
  'create-session': createSession,
  'list-companies': listCompanies,
  'request-code': requestCode,
  'submit-query': submitQuery,
  'get-query': getQuery,
  'partner-result': partnerResult,
  fallback,
};

export const TASK_HANDLERS: Record<string, TaskLambda> = {
  'prepare-lookup': prepareLookup,
  'call-company': callCompany,
  'mark-unavailable': markUnavailable,
  'send-reply': sendReply,
  'record-delivery': recordDelivery,
  'record-failure': recordFailure,
};

/** `close-stranded` runs only on AWS (EventBridge and the dead-letter queue feed it); the functions tests run it. */
export const QUEUE_HANDLERS: Record<string, QueueLambda> = {
  'start-lookup': startLookup,
  'close-stranded': closeStranded,
};
