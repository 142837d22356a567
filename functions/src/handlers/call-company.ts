import { callCompanyDeps } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { type CallCompanyInput, callCompany } from '../use-cases/lookup-tasks.ts';

/** Workflow task `CallCompany` (invoked with `.waitForTaskToken`: it resumes its own task when the company answers at once). */
export const handler = taskHandler('call-company', async (input: CallCompanyInput, logger) =>
  callCompany({ ...(await callCompanyDeps()), logger }, input),
);
