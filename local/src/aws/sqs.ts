import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import type { QueueLambda } from '../handlers.ts';

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
}

/**
 * The lookup queue: an SQS-compatible `SendMessage` (JSON protocol) and a consumer that hands
 * batches to the real queue handler with bounded concurrency, as the event source mapping does.
 * Failed items come back after a short delay, up to `maxReceiveCount` deliveries (then, as with a
 * dead-letter queue, they are set aside and logged; a restart resumes their queries anyway).
 */
export class LocalQueue {
  private readonly waiting: Message[] = [];
  private inFlight = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private held = 0;

  constructor(
    private readonly consumer: QueueLambda,
    private readonly options: {
      maxConcurrency: number;
      maxReceiveCount: number;
      onDeadLetter: (messageId: string) => void;
      batchSize: number;
      retryDelayMs: number;
      onError: (error: unknown) => void;
    },
  ) {}

  sendMessage(request: { MessageBody?: string }): { status: number; body: unknown } {
    if (typeof request.MessageBody !== 'string' || request.MessageBody === '') {
      return {
        status: 400,
        body: { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'MessageBody is required' },
      };
    }
    const messageId = randomUUID();
    this.push({ messageId, body: request.MessageBody, receiveCount: 0 });
    return {
      status: 200,
      body: {
        MessageId: messageId,
        MD5OfMessageBody: createHash('md5').update(request.MessageBody).digest('hex'),
      },
    };
  }

  /** Enqueues a body directly (resuming after a restart). */
  push(message: Message): void {
    if (this.closed) return;
    this.waiting.push(message);
    queueMicrotask(() => this.drain());
  }

  /** Messages waiting, being delivered, or waiting to come back after a failure. */
  get depth(): number {
    return this.waiting.length + this.inFlight + this.timers.size;
  }

  /** Batches handed to the consumer that have not settled yet. */
  get busy(): number {
    return this.inFlight;
  }

  /**
   * Delivers nothing until the returned function is called, as an event source at its maximum
   * concurrency would: messages wait in the queue (the bench times submissions on their own).
   */
  hold(): () => void {
    this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      this.drain();
    };
  }

  /** Delivers no more batches and drops the pending retries (a restart resumes their queries). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private drain(): void {
    while (
      !this.closed &&
      this.held === 0 &&
      this.inFlight < this.options.maxConcurrency &&
      this.waiting.length > 0
    ) {
      const batch = this.waiting.splice(0, this.options.batchSize);
      this.inFlight++;
      this.deliver(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async deliver(batch: Message[]): Promise<void> {
    const event: SQSEvent = {
      Records: batch.map((message) => ({
        messageId: message.messageId,
        receiptHandle: message.messageId,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(++message.receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(message.body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:occ-local-lookups',
        awsRegion: 'us-east-1',
      })),
    };
    let failed: Message[];
    try {
      const response = await this.consumer(event);
      const ids = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      failed = batch.filter((message) => ids.has(message.messageId));
    } catch (error) {
      this.options.onError(error);
      failed = batch;
    }
    for (const message of failed) {
      if (this.closed) break;
      if (message.receiveCount >= this.options.maxReceiveCount) {
        this.options.onDeadLetter(message.messageId);
        continue;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.push(message);
      }, this.options.retryDelayMs);
      this.timers.add(timer);
    }
  }
}
