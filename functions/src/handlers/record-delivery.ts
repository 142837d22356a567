import { taskHandler } from '../http/task.ts';
import { recordDelivery } from '../use-cases/reply-tasks.ts';

/** Workflow task `RecordDelivery`. */
export const handler = taskHandler('record-delivery', (input: { queryId: string }, deps) =>
  recordDelivery(deps, input),
);
