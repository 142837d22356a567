import { taskHandler } from '../http/task.ts';
import { prepareLookup } from '../use-cases/lookup-tasks.ts';

/** Workflow task `PrepareLookup`. */
export const handler = taskHandler('prepare-lookup', (input: { queryId: string }, deps) =>
  prepareLookup(
    {
      ...deps,
      partner: (companyId) => deps.settings.partners.find((entry) => entry.companyId === companyId),
      asyncDeadlineSeconds: deps.settings.asyncDeadlineSeconds,
    },
    input,
  ),
);
