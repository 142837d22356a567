import { HANDLERS, type HandlerKind, type HandlerName, handlersOf } from '@occ/functions/catalogue.ts';
import { FUNCTIONS_ROOT } from '@occ/functions/paths.ts';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';

export type HttpLambda = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
// biome-ignore lint/suspicious/noExplicitAny: workflow tasks take and return the JSON of their state
export type TaskLambda = (input: any) => Promise<unknown>;
export type QueueLambda = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Imports the `handler` export of every declared handler of one kind, from the entry the declaration derives. */
async function load<T>(kind: HandlerKind): Promise<Record<string, T>> {
  const names = handlersOf(kind);
  const modules = await Promise.all(
    names.map((name: HandlerName) => import(new URL(HANDLERS[name].entry, FUNCTIONS_ROOT).href)),
  );
  return Object.fromEntries(names.map((name, index) => [name, (modules[index] as { handler: T }).handler]));
}

/**
 * The very handlers the Lambda functions run, by declared name and kind (`catalogue.ts`). The tables
 * are mutable on purpose: tests and the bench wrap or replace an entry, and callers look it up on
 * every call. `close-stranded` runs only on AWS (EventBridge and the dead-letter queue feed it); the
 * functions tests run it.
 */
export const HTTP_HANDLERS: Record<string, HttpLambda> = await load<HttpLambda>('http');
export const TASK_HANDLERS: Record<string, TaskLambda> = await load<TaskLambda>('task');
export const QUEUE_HANDLERS: Record<string, QueueLambda> = await load<QueueLambda>('queue');
/**
 * The sandbox stage's simulation functions (`kind: 'simulation'`): the embedded default runs its
 * simulated carrier through the very `sandbox-carrier` handler the sandbox stage deploys.
 */
export const SIMULATION_HANDLERS: Record<string, HttpLambda> = await load<HttpLambda>('simulation');
