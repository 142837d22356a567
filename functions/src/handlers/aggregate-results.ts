import { taskHandler } from '../http/task.ts';
import { aggregateResults } from '../use-cases/reply-tasks.ts';

/** Workflow task `AggregateResults`. */
export const handler = taskHandler('aggregate-results', (input: { queryId: string }, deps) =>
  aggregateResults(deps, input),
);
