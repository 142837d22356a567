import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { CallbackScheduler } from '../../ports/simulation.ts';

/**
 * Runs a simulated company's callback as an asynchronous invocation (`Event`) of the running
 * function itself: the call that accepted the lookup answers 202 at once, and the callback runs in
 * its own invocation, which Lambda retries if it fails.
 */
export function lambdaCallbackScheduler(client: LambdaClient, functionName: () => string): CallbackScheduler {
  return {
    async later(callback) {
      await client.send(
        new InvokeCommand({
          FunctionName: functionName(),
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(callback)),
        }),
      );
    },
  };
}
