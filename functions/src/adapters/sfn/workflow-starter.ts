import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../../ports/messaging.ts';

/** One execution per query, named by the query id: a repeated start is refused by Step Functions and ignored here. */
export function sfnWorkflowStarter(client: SFNClient, stateMachineArn: string): WorkflowStarter {
  return {
    async start(queryId) {
      try {
        await client.send(
          new StartExecutionCommand({ stateMachineArn, name: queryId, input: JSON.stringify({ queryId }) }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
        throw error;
      }
    },
  };
}
