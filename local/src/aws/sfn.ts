import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { TaskLambda } from '../handlers.ts';

type Definition = Record<string, unknown>;

/** Each Task state name → the handler its Resource ARN names (nested Map processors included). */
export function taskHandlersFor(
  definition: Definition,
  arnToHandler: Map<string, TaskLambda>,
): Record<string, (input: unknown) => Promise<unknown>> {
  const out: Record<string, (input: unknown) => Promise<unknown>> = {};
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        const handler = arnToHandler.get(String(state.Resource));
        if (!handler) throw new Error(`no local handler for Task ${name} (${String(state.Resource)})`);
        out[name] = (input) => handler(input);
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as
        | { States?: Record<string, Record<string, unknown>> }
        | undefined;
      if (processor?.States) visit(processor.States);
    }
  };
  visit(definition.States as Record<string, Record<string, unknown>>);
  return out;
}

/**
 * A Step Functions-compatible `StartExecution` that runs the synthesized definition with
 * aws-local-stepfunctions, each Task mapped to its real handler. Execution names are unique, as
 * on AWS: a repeated start answers ExecutionAlreadyExists.
 *
 * `close()` refuses new executions, aborts the running ones (which also ends their Wait and retry
 * sleeps) and refuses any Task an aborted execution still tries to enter; `busy` counts the
 * handler calls that were already running and have not settled yet.
 */
export class LocalStepFunctions {
  private readonly machine: StateMachine;
  private readonly names = new Set<string>();
  private readonly running = new Map<string, () => void>();
  private readonly handlers: Record<string, (input: unknown) => Promise<unknown>>;
  private calls = 0;
  private closed = false;

  constructor(
    readonly stateMachineArn: string,
    definition: Definition,
    arnToHandler: Map<string, TaskLambda>,
    private readonly events: {
      onFinished: (name: string, outcome: 'SUCCEEDED' | 'FAILED' | 'ABORTED', error?: unknown) => void;
    },
  ) {
    this.machine = new StateMachine(definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    const handlers = taskHandlersFor(definition, arnToHandler);
    this.handlers = Object.fromEntries(
      Object.entries(handlers).map(([state, handler]) => [
        state,
        (input: unknown) => this.call(handler, input),
      ]),
    );
  }

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): {
    status: number;
    body: unknown;
  } {
    if (request.stateMachineArn !== this.stateMachineArn) {
      return { status: 400, body: { __type: 'StateMachineDoesNotExist', message: 'unknown state machine' } };
    }
    if (this.closed) {
      return { status: 503, body: { __type: 'ServiceUnavailable', message: 'the service is stopping' } };
    }
    const name = request.name ?? crypto.randomUUID();
    if (this.names.has(name)) {
      return {
        status: 400,
        body: { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${name}'` },
      };
    }
    this.names.add(name);
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const execution = this.machine.run(JSON.parse(request.input ?? '{}'), {
      overrides: { taskResourceLocalHandlers: this.handlers as never },
      noThrowOnAbort: true,
    });
    this.running.set(name, execution.abort);
    execution.result.then(
      (output) => this.events.onFinished(name, output === null ? 'ABORTED' : 'SUCCEEDED'),
      (error) => this.events.onFinished(name, 'FAILED', error),
    );
    execution.result.finally(() => this.running.delete(name)).catch(() => {});
    return { status: 200, body: { executionArn, startDate: Date.now() / 1000 } };
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Task handler calls that started and have not settled (they outlive an abort). */
  get busy(): number {
    return this.calls;
  }

  /** Refuses new executions and Tasks, and aborts every running execution. */
  close(): void {
    this.closed = true;
    for (const abort of this.running.values()) abort();
  }

  private async call(handler: (input: unknown) => Promise<unknown>, input: unknown): Promise<unknown> {
    if (this.closed) throw new Error('the service is stopping');
    this.calls++;
    try {
      return await handler(input);
    } finally {
      this.calls--;
    }
  }
}
