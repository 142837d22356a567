import type { OutboxMessage } from '@occ/shared';

/** Hands an accepted query to the lookup workflow (on AWS: SQS, drained by a starter with bounded concurrency). */
export interface LookupQueue {
  enqueue(queryId: string): Promise<void>;
}

/** Starts the lookup workflow for a query; starting it twice is harmless. */
export interface WorkflowStarter {
  start(queryId: string): Promise<void>;
}

export interface SmsMessage {
  /** Mainland number, 11 digits. */
  to: string;
  text: string;
  /** The same key for the same logical message: a gateway that supports it sends only once. */
  idempotencyKey: string;
}

/** What the gateway answered for a message it took. */
export interface SmsReceipt {
  /**
   * The gateway's id for the message (SNS `MessageId`, Alibaba Cloud `BizId`, the outbox's own id):
   * the key under which its delivery status can be looked up.
   */
  messageId: string;
}

/**
 * Sends SMS from the service port (SNS for the global stages, a domestic gateway for mainland
 * China, the outbox in the sandbox). `send` resolves with the gateway's receipt; it rejects with
 * `SmsNotSentError` when the gateway answered that it did not take the message; any other
 * rejection means the message may or may not have gone out.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<SmsReceipt>;
}

/**
 * The sandbox's SMS outbox: what a phone would show for each number the service sent to (full
 * number and text), newest last. Only the sandbox stage has one; its numbers are simulated.
 */
export interface SmsOutbox {
  /** The messages sent to one 11-digit number, oldest first. */
  list(phone: string): Promise<OutboxMessage[]>;
}
