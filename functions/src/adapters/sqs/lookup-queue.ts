import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LookupQueue } from '../../ports/messaging.ts';

/** The message carries the query id only. */
export function sqsLookupQueue(client: SQSClient, queueUrl: string): LookupQueue {
  return {
    async enqueue(queryId) {
      await client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ queryId }) }),
      );
    },
  };
}
