/**
 * What became of a `sendSuccess`: `sent` (the waiting task resumes with the output), `timed-out`
 * (the task's deadline passed first: Step Functions' `TaskTimedOut`), or `gone` (the task ended
 * otherwise or the token is unknown: `TaskDoesNotExist`, `InvalidToken`).
 */
export type TaskTokenOutcome = 'sent' | 'timed-out' | 'gone';

/**
 * Completes a workflow task that waits on a task token (`.waitForTaskToken`); on AWS this is Step
 * Functions `SendTaskSuccess`. Any other failure (throttled, unreachable) rejects with
 * `TransientError`: the token is still good, so sending again later can still resume the task.
 */
export interface TaskTokens {
  sendSuccess(taskToken: string, output: unknown): Promise<TaskTokenOutcome>;
}
