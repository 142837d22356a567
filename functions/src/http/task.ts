import { wiring } from '../composition.ts';

/**
 * Wraps a workflow task: one log line per run with the query id (never the input), and errors
 * rethrown by name so the state machine's Retry and Catch can match them.
 */
export function taskHandler<I extends { queryId?: string; companyId?: string }, O>(
  task: string,
  run: (input: I) => Promise<O>,
): (input: I) => Promise<O> {
  return async (input) => {
    const logger = wiring().logger.child({ task, queryId: input.queryId, companyId: input.companyId });
    try {
      const output = await run(input);
      logger.info('task_done');
      return output;
    } catch (error) {
      logger.warn('task_failed', { errorName: error instanceof Error ? error.name : typeof error });
      throw error;
    }
  };
}
