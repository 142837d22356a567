import { randomUUID } from 'node:crypto';
import type { Context, EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { baseLogger, dependenciesOf } from '../composition.ts';
import { closeAfterExecution, closeDeadLetters } from '../use-cases/close-stranded.ts';

/** The part of a "Step Functions Execution Status Change" event this handler reads. */
export type ExecutionStatusEvent = EventBridgeEvent<
  'Step Functions Execution Status Change',
  { name?: string; status?: string; stateMachineArn?: string }
>;

/**
 * Closes queries their workflow will never close. Two sources on AWS: the EventBridge rule on the
 * lookup workflow's FAILED, TIMED_OUT and ABORTED executions (a failed close throws, so Lambda
 * retries and then keeps the event in this function's dead-letter queue), and the lookup
 * dead-letter queue (a failed close hands the message back).
 */
export async function handler(
  event: SQSEvent | ExecutionStatusEvent,
  context?: Pick<Context, 'awsRequestId'>,
): Promise<SQSBatchResponse> {
  const declared = await dependenciesOf('close-stranded');
  const deps = {
    ...declared,
    logger: baseLogger().child({ requestId: context?.awsRequestId ?? randomUUID(), task: 'close-stranded' }),
  };
  if ('Records' in event) {
    const failed = await closeDeadLetters(
      deps,
      event.Records.map((record) => ({ messageId: record.messageId, body: record.body })),
    );
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  }
  // An asynchronous invocation: the result is not read; an error is retried.
  await closeAfterExecution(deps, event.detail ?? {});
  return { batchItemFailures: [] };
}
