import { taskHandler } from '../http/task.ts';
import { type CompanyTaskInput, markUnavailable } from '../use-cases/lookup-tasks.ts';

/** Workflow task `MarkUnavailable` (the Catch path of a company; `reason` is the error name). */
export const handler = taskHandler(
  'mark-unavailable',
  (input: CompanyTaskInput & { reason?: string }, deps) => markUnavailable(deps, input),
);
