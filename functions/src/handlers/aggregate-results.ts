import { companyTaskDeps } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { aggregateResults } from '../use-cases/reply-tasks.ts';

/** Workflow task `AggregateResults`. */
export const handler = taskHandler('aggregate-results', (input: { queryId: string }, logger) =>
  aggregateResults({ ...companyTaskDeps(), logger }, input),
);
