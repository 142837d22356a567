import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { wiring } from '../composition.ts';
import { startLookupBatch } from '../use-cases/start-lookup.ts';

/** Queue consumer: starts one workflow execution per queued query; failed messages return to the queue. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const w = wiring();
  const failed = await startLookupBatch(
    { starter: w.starter(), logger: w.logger },
    event.Records.map((record) => ({ messageId: record.messageId, body: record.body })),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
