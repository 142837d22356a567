import { prepareLookupDeps } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { prepareLookup } from '../use-cases/lookup-tasks.ts';

/** Workflow task `PrepareLookup`. */
export const handler = taskHandler('prepare-lookup', (input: { queryId: string }) =>
  prepareLookup(prepareLookupDeps(), input),
);
