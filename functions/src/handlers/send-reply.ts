import { taskHandler } from '../http/task.ts';
import { type ReplyInput, sendReply } from '../use-cases/reply-tasks.ts';

/** Workflow task `SendReply`: renders the reply once and sends it once. */
export const handler = taskHandler('send-reply', (input: ReplyInput, deps) =>
  sendReply({ ...deps, keyring: deps.sealer }, input),
);
