import { taskHandler } from '../http/task.ts';
import { type CallCompanyInput, callCompany } from '../use-cases/lookup-tasks.ts';

/** Workflow task `CallCompany` (invoked with `.waitForTaskToken`: it resumes its own task when the company answers at once). */
export const handler = taskHandler('call-company', (input: CallCompanyInput, deps) =>
  callCompany(
    {
      ...deps,
      keyring: deps.sealer,
      tasks: deps.taskTokens,
      partner: (companyId) => deps.registry.find(companyId),
      callbackUrl: (companyId) =>
        `${deps.settings.callbackBaseUrl}/v1/partners/${encodeURIComponent(companyId)}/results`,
    },
    input,
  ),
);
