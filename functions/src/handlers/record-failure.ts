import { wiring } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { recordFailure } from '../use-cases/reply-tasks.ts';

/** Workflow task `RecordFailure`. */
export const handler = taskHandler('record-failure', (input: { queryId: string }, logger) =>
  recordFailure({ queries: wiring().queries(), clock: wiring().clock, logger }, input),
);
