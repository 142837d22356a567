import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { wiring } from '../composition.ts';
import { startLookups } from '../use-cases/start-lookup.ts';

/** Queue consumer: starts one workflow execution per queued query; failed ones return to the queue. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const w = wiring();
  const byQuery = new Map<string, string>();
  const malformed: string[] = [];
  for (const record of event.Records) {
    const queryId = (JSON.parse(record.body) as { queryId?: unknown }).queryId;
    if (typeof queryId === 'string') byQuery.set(queryId, record.messageId);
    else malformed.push(record.messageId);
  }
  for (const messageId of malformed) w.logger.error('queue_message_malformed', { messageId });
  const failed = await startLookups({ starter: w.starter() }, [...byQuery.keys()]);
  for (const queryId of failed) w.logger.warn('lookup_start_failed', { queryId });
  return { batchItemFailures: failed.map((queryId) => ({ itemIdentifier: byQuery.get(queryId) ?? '' })) };
}
