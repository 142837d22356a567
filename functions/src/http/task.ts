import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { HandlerName } from '../catalogue.ts';
import { baseLogger, type Dependencies, dependenciesOf } from '../composition.ts';

/**
 * Wraps the workflow task declared as `name` (`catalogue.ts`): its dependencies with a logger that
 * names the request id, the task and the query (never the input), one log line per run, and errors
 * rethrown by name so the state machine's Retry and Catch can match them.
 */
export function taskHandler<H extends HandlerName, I extends { queryId?: string; companyId?: string }, O>(
  name: H,
  run: (input: I, deps: Dependencies<H>) => Promise<O>,
): (input: I, context?: Pick<Context, 'awsRequestId'>) => Promise<O> {
  return async (input, context) => {
    const logger = baseLogger().child({
      requestId: context?.awsRequestId ?? randomUUID(),
      task: name,
      queryId: input.queryId,
      companyId: input.companyId,
    });
    try {
      const output = await run(input, { ...(await dependenciesOf(name)), logger });
      logger.info('task_done');
      return output;
    } catch (error) {
      logger.warn('task_failed', { errorName: error instanceof Error ? error.name : typeof error });
      throw error;
    }
  };
}
