import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { wiring } from '../composition.ts';
import type { Logger } from '../ports/logger.ts';

/**
 * Wraps a workflow task: one log line per run with the request id and the query id (never the
 * input), and errors rethrown by name so the state machine's Retry and Catch can match them.
 */
export function taskHandler<I extends { queryId?: string; companyId?: string }, O>(
  task: string,
  run: (input: I, logger: Logger) => Promise<O>,
): (input: I, context?: Pick<Context, 'awsRequestId'>) => Promise<O> {
  return async (input, context) => {
    const logger = wiring().logger.child({
      requestId: context?.awsRequestId ?? randomUUID(),
      task,
      queryId: input.queryId,
      companyId: input.companyId,
    });
    try {
      const output = await run(input, logger);
      logger.info('task_done');
      return output;
    } catch (error) {
      logger.warn('task_failed', { errorName: error instanceof Error ? error.name : typeof error });
      throw error;
    }
  };
}
