import { taskHandler } from '../http/task.ts';
import { type CompanyTaskInput, checkCallback } from '../use-cases/lookup-tasks.ts';

/** Workflow task `CheckCallback`. */
export const handler = taskHandler('check-callback', (input: CompanyTaskInput, deps) =>
  checkCallback(deps, input),
);
