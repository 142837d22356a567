import { wiring } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { recordDelivery } from '../use-cases/reply-tasks.ts';

/** Workflow task `RecordDelivery`. */
export const handler = taskHandler('record-delivery', (input: { queryId: string }) =>
  recordDelivery({ queries: wiring().queries(), clock: wiring().clock }, input),
);
