import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { TransientError } from '../../errors.ts';
import type { TaskTokenOutcome, TaskTokens } from '../../ports/task-tokens.ts';

/** The errors of `SendTaskSuccess` that say the token can no longer resume anything. */
const SETTLED: Record<string, TaskTokenOutcome> = {
  TaskTimedOut: 'timed-out',
  TaskDoesNotExist: 'gone',
  InvalidToken: 'gone',
};

/** `SendTaskSuccess` through the SDK (the endpoint comes from AWS_ENDPOINT_URL_SFN when set). */
export function sfnTaskTokens(client: SFNClient): TaskTokens {
  return {
    async sendSuccess(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return 'sent';
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        const settled = SETTLED[name];
        if (settled) return settled;
        throw new TransientError(`SendTaskSuccess failed: ${name || 'unknown error'}`, { cause: error });
      }
    },
  };
}
