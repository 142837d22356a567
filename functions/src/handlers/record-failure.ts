import { taskHandler } from '../http/task.ts';
import { recordFailure } from '../use-cases/reply-tasks.ts';

/** Workflow task `RecordFailure`. */
export const handler = taskHandler('record-failure', (input: { queryId: string }, deps) =>
  recordFailure(deps, input),
);
