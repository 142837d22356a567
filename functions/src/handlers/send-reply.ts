import { wiring } from '../composition.ts';
import { taskHandler } from '../http/task.ts';
import { sendReply } from '../use-cases/reply-tasks.ts';

/** Workflow task `SendReply`: renders the reply once and sends it once. */
export const handler = taskHandler('send-reply', async (input: { queryId: string }, logger) => {
  const w = wiring();
  return sendReply(
    {
      queries: w.queries(),
      lookups: w.lookups(),
      keyring: await w.keyring(),
      sms: w.sms(),
      clock: w.clock,
      logger,
    },
    input,
  );
});
