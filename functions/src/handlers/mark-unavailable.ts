import { companyTaskDeps } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { type CompanyTaskInput, markUnavailable } from '../use-cases/lookup-tasks.ts';

/** Workflow task `MarkUnavailable` (the Catch path of a company). */
export const handler = taskHandler(
  'mark-unavailable',
  (input: CompanyTaskInput & { reason?: string }, logger) =>
    markUnavailable({ ...companyTaskDeps(), logger }, input),
);
