import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { TaskLambda } from '../handlers.ts';

type Definition = Record<string, unknown>;
type State = Record<string, unknown>;
type TaskOverride = (input: unknown) => Promise<unknown>;

/** The Step Functions integration that invokes a Lambda function and waits for its task token. */
export const LAMBDA_WAIT_FOR_TASK_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** An answer of the local Step Functions endpoint: the status and body of the AWS JSON protocol. */
export interface SfnAnswer {
  status: number;
  body: unknown;
}

const TOKEN_PREFIX = 'occ-local-task-token.';
// Node's timers take at most 2^31 - 1 ms; a longer deadline is re-armed when that one fires.
const MAX_TIMER_MS = 2_147_483_647;

const refused = (type: string, message: string): SfnAnswer => ({
  status: 400,
  body: { __type: type, message },
});

/** The error a task gets when its deadline passes, named as Step Functions names it. */
class StatesTimeoutError extends Error {
  constructor() {
    super('the task did not complete within its TimeoutSeconds');
    this.name = 'States.Timeout';
  }
}

/** The error `SendTaskFailure` fails a task with: its `error` is the name Retry and Catch match. */
class TaskFailedError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

interface WaitingTask {
  deadlineMs: number;
  timer?: NodeJS.Timeout;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Task tokens as Step Functions hands them out and takes them back, which aws-local-stepfunctions
 * 3.0.0 does not do: a fresh token each time an execution reads `$$.Task.Token`; a waiting task
 * per token that a `.waitForTaskToken` task was given; `SendTaskSuccess` and `SendTaskFailure`
 * settle it; its deadline, on the service clock, fails it with `States.Timeout` and expires the
 * token, so that a late answer is `TaskTimedOut` as on AWS. Tokens of an execution that ended are
 * forgotten: an answer then is `TaskDoesNotExist`.
 */
class TaskTokens {
  private readonly minted = new Map<string, Set<string>>();
  private readonly execution = new Map<string, string>();
  private readonly waiting = new Map<string, WaitingTask>();
  private readonly timedOut = new Set<string>();

  constructor(private readonly now: () => number) {}

  mint(execution: string): string {
    const token = `${TOKEN_PREFIX}${randomUUID()}`;
    const tokens = this.minted.get(execution) ?? new Set<string>();
    this.minted.set(execution, tokens.add(token));
    this.execution.set(token, execution);
    return token;
  }

  /** The token of this emulation that a task's resolved Parameters carry, wherever they carry it. */
  find(value: unknown): string | undefined {
    if (typeof value === 'string') return this.execution.has(value) ? value : undefined;
    if (value === null || typeof value !== 'object') return undefined;
    for (const inner of Object.values(value)) {
      const token = this.find(inner);
      if (token) return token;
    }
    return undefined;
  }

  /** The task given `token` waits from now on, for at most `timeoutSeconds` of the service clock. */
  wait(token: string, timeoutSeconds: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const task: WaitingTask = { deadlineMs: this.now() + timeoutSeconds * 1000, resolve, reject };
      this.waiting.set(token, task);
      this.arm(token, task);
    });
  }

  /** The task failed before it could wait (its function threw): its token resumes nothing. */
  drop(token: string): void {
    const task = this.waiting.get(token);
    if (task) clearTimeout(task.timer);
    this.waiting.delete(token);
  }

  succeed(token: string, output: unknown): SfnAnswer {
    return this.settle(token, (task) => task.resolve(output));
  }

  fail(token: string, error: string, cause: string): SfnAnswer {
    return this.settle(token, (task) => task.reject(new TaskFailedError(error, cause)));
  }

  /** Fails every task whose deadline has passed on the service clock (after the clock moved). */
  expireDue(): void {
    const now = this.now();
    for (const [token, task] of [...this.waiting]) if (task.deadlineMs <= now) this.expire(token);
  }

  /** Forgets every token an execution was given (it ended, or it was aborted). */
  forget(execution: string): void {
    for (const token of this.minted.get(execution) ?? []) {
      this.drop(token);
      this.execution.delete(token);
      this.timedOut.delete(token);
    }
    this.minted.delete(execution);
  }

  forgetAll(): void {
    for (const execution of [...this.minted.keys()]) this.forget(execution);
  }

  private settle(token: string, settle: (task: WaitingTask) => void): SfnAnswer {
    const task = this.waiting.get(token);
    if (task) {
      this.drop(token);
      settle(task);
      return { status: 200, body: {} };
    }
    if (this.timedOut.has(token)) return refused('TaskTimedOut', 'Task Timed Out');
    if (token.startsWith(TOKEN_PREFIX)) return refused('TaskDoesNotExist', 'Task does not exist');
    return refused('InvalidToken', 'Invalid Token');
  }

  private arm(token: string, task: WaitingTask): void {
    clearTimeout(task.timer);
    task.timer = setTimeout(
      () => {
        if (this.waiting.get(token) !== task) return;
        if (task.deadlineMs <= this.now()) this.expire(token);
        else this.arm(token, task);
      },
      Math.min(MAX_TIMER_MS, Math.max(0, task.deadlineMs - this.now())),
    );
  }

  private expire(token: string): void {
    const task = this.waiting.get(token);
    if (!task) return;
    this.drop(token);
    this.timedOut.add(token);
    task.reject(new StatesTimeoutError());
  }
}

/** Reads a task's timeout as Step Functions does: `TimeoutSeconds`, or `TimeoutSecondsPath` on its resolved input. */
function timeoutOf(stateName: string, state: State): (input: unknown) => number {
  if (typeof state.TimeoutSeconds === 'number') {
    const seconds = state.TimeoutSeconds;
    return () => seconds;
  }
  const path = state.TimeoutSecondsPath;
  if (typeof path !== 'string' || !/^\$(\.[A-Za-z0-9_]+)+$/.test(path)) {
    throw new Error(
      `${stateName} waits for a task token without TimeoutSeconds or a plain TimeoutSecondsPath`,
    );
  }
  const keys = path.split('.').slice(1);
  return (input) => {
    let value: unknown = input;
    for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw new Error(`${stateName}: ${path} is not a positive integer`);
    }
    return value as number;
  };
}

/**
 * A Step Functions-compatible endpoint for the lookup workflow: `StartExecution` runs the
 * synthesized definition with aws-local-stepfunctions, each Task mapped to the real handler its
 * ARN names; a `.waitForTaskToken` task invokes its function with the resolved `Payload` and then
 * waits until `SendTaskSuccess` / `SendTaskFailure` names its token or its deadline passes (see
 * {@link TaskTokens}). Execution names are unique, as on AWS: a repeated start answers
 * ExecutionAlreadyExists.
 *
 * `close()` refuses new executions, aborts the running ones (which also ends their waits and retry
 * sleeps) and refuses any Task an aborted execution still tries to enter; `busy` counts the
 * handler calls that were already running and have not settled yet.
 */
export class LocalStepFunctions {
  private readonly machine: StateMachine;
  private readonly names = new Set<string>();
  private readonly running = new Map<string, () => void>();
  private readonly overrides: Record<string, TaskOverride>;
  private readonly tokens: TaskTokens;
  private calls = 0;
  private closed = false;

  constructor(
    readonly stateMachineArn: string,
    definition: Definition,
    arnToHandler: Map<string, TaskLambda>,
    private readonly options: {
      /** The service clock in epoch milliseconds: task deadlines follow it. */
      now: () => number;
      onFinished: (name: string, outcome: 'SUCCEEDED' | 'FAILED' | 'ABORTED', error?: unknown) => void;
      /**
       * Each state an execution enters or retries, Map iterations included: what Step Functions
       * Standard bills as a state transition. (It reads the execution's only event stream.)
       */
      onTransition?: (name: string, state: string) => void;
    },
  ) {
    this.machine = new StateMachine(definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    this.tokens = new TaskTokens(options.now);
    this.overrides = {};
    for (const [name, state] of taskStates(definition)) {
      this.overrides[name] = this.overrideFor(name, state, arnToHandler);
    }
  }

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): SfnAnswer {
    if (request.stateMachineArn !== this.stateMachineArn) {
      return refused('StateMachineDoesNotExist', 'unknown state machine');
    }
    if (this.closed) {
      return { status: 503, body: { __type: 'ServiceUnavailable', message: 'the service is stopping' } };
    }
    const name = request.name ?? randomUUID();
    if (this.names.has(name)) return refused('ExecutionAlreadyExists', `Execution Already Exists: '${name}'`);
    this.names.add(name);
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const tokens = this.tokens;
    const execution = this.machine.run(JSON.parse(request.input ?? '{}'), {
      overrides: { taskResourceLocalHandlers: this.overrides as never },
      noThrowOnAbort: true,
      // Every read of $$.Task.Token, in this execution and its Map iterations, is a fresh token.
      context: {
        Task: {
          get Token() {
            return tokens.mint(name);
          },
        },
      },
    });
    this.running.set(name, execution.abort);
    const onTransition = this.options.onTransition;
    // The stream ends with the execution; it is reported in full before the execution is finished.
    const reported = onTransition
      ? (async () => {
          for await (const event of execution.eventLogs) {
            if (event.type === 'StateEntered' || event.type === 'StateRetried') {
              onTransition(name, event.state.name);
            }
          }
        })()
      : Promise.resolve();
    execution.result.then(
      async (output) => {
        await reported;
        this.options.onFinished(name, output === null ? 'ABORTED' : 'SUCCEEDED');
      },
      async (error) => {
        await reported;
        this.options.onFinished(name, 'FAILED', error);
      },
    );
    execution.result
      .finally(() => {
        this.running.delete(name);
        this.tokens.forget(name);
      })
      .catch(() => {});
    return { status: 200, body: { executionArn, startDate: Date.now() / 1000 } };
  }

  /** `SendTaskSuccess`: the task waiting on `taskToken` resumes with `output` (a JSON text). */
  sendTaskSuccess(request: { taskToken?: unknown; output?: unknown }): SfnAnswer {
    if (typeof request.taskToken !== 'string') return refused('InvalidToken', 'Invalid Token');
    let output: unknown;
    try {
      output = JSON.parse(String(request.output));
    } catch {
      return refused('InvalidOutput', 'output is not JSON');
    }
    return this.tokens.succeed(request.taskToken, output);
  }

  /** `SendTaskFailure`: the task waiting on `taskToken` fails with the error `error`. */
  sendTaskFailure(request: { taskToken?: unknown; error?: unknown; cause?: unknown }): SfnAnswer {
    if (typeof request.taskToken !== 'string') return refused('InvalidToken', 'Invalid Token');
    return this.tokens.fail(
      request.taskToken,
      typeof request.error === 'string' && request.error !== '' ? request.error : 'States.TaskFailed',
      typeof request.cause === 'string' ? request.cause : '',
    );
  }

  /** Fails the tasks whose deadline the service clock has just passed (`POST /_local/clock`). */
  expireOverdueTasks(): void {
    this.tokens.expireDue();
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
    this.tokens.forgetAll();
  }

  private overrideFor(name: string, state: State, arnToHandler: Map<string, TaskLambda>): TaskOverride {
    if (state.Resource !== LAMBDA_WAIT_FOR_TASK_TOKEN) {
      const handler = arnToHandler.get(String(state.Resource));
      if (!handler) throw new Error(`no local handler for Task ${name} (${String(state.Resource)})`);
      return (input) => this.call(handler, input);
    }
    const functionName = (state.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName;
    const handler = arnToHandler.get(String(functionName));
    if (!handler) throw new Error(`no local handler for Task ${name} (${String(functionName)})`);
    const timeout = timeoutOf(name, state);
    return async (input) => {
      const token = this.tokens.find(input);
      if (!token) throw new Error(`${name} waits for a task token that its Parameters do not pass`);
      const waiting = this.tokens.wait(token, timeout(input));
      // The function runs as a synchronous invocation: its own error fails the task at once, while
      // the task completes as soon as its token is answered, even before the function returns.
      const invoked = this.call(handler, (input as { Payload?: unknown }).Payload ?? {}).then(
        () => waiting,
        (error: unknown) => {
          this.tokens.drop(token);
          throw error;
        },
      );
      return Promise.race([invoked, waiting]);
    };
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

/** Each Task state (nested Map processors included) by name. */
function taskStates(definition: Definition): [string, State][] {
  const out: [string, State][] = [];
  const visit = (states: Record<string, State>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') out.push([name, state]);
      const processor = (state.ItemProcessor ?? state.Iterator) as
        | { States?: Record<string, State> }
        | undefined;
      if (processor?.States) visit(processor.States);
    }
  };
  visit(definition.States as Record<string, State>);
  return out;
}
