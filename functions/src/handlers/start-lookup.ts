import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dependenciesOf } from '../composition.ts';
import { startLookupBatch } from '../use-cases/start-lookup.ts';

/** Queue consumer: starts one workflow execution per queued query; failed messages return to the queue. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failed = await startLookupBatch(
    await dependenciesOf('start-lookup'),
    event.Records.map((record) => ({ messageId: record.messageId, body: record.body })),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
