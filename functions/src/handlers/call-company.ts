import { taskHandler } from '../http/task.ts';
import { type CompanyTaskInput, callCompany } from '../use-cases/lookup-tasks.ts';

/** Workflow task `CallCompany`. */
export const handler = taskHandler('call-company', (input: CompanyTaskInput, deps) =>
  callCompany(
    {
      ...deps,
      keyring: deps.sealer,
      partner: (companyId) => deps.registry.find(companyId),
      callbackUrl: (companyId) =>
        `${deps.settings.callbackBaseUrl}/v1/partners/${encodeURIComponent(companyId)}/results`,
      asyncDeadlineSeconds: deps.settings.asyncDeadlineSeconds,
    },
    input,
  ),
);
