import { callCompanyDeps } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { type CompanyTaskInput, callCompany } from '../use-cases/lookup-tasks.ts';

/** Workflow task `CallCompany`. */
export const handler = taskHandler('call-company', async (input: CompanyTaskInput, logger) =>
  callCompany({ ...(await callCompanyDeps()), logger }, input),
);
