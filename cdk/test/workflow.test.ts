import { createRequire } from 'node:module';
import { HANDLERS, type HandlerName } from '@occ/functions/catalogue.ts';
import { StateMachine as LocalStateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  LOOKUP_WORKFLOW_TASKS,
  type LookupWorkflowVariable,
  readLookupDefinitionText,
  substitute,
} from '../src/workflow/index.ts';
import { synthStage } from './support/synth.ts';

// aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks.
const PromiseWithResolvers = Promise as unknown as { withResolvers?: () => unknown };
PromiseWithResolvers.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

type AslValidator = (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const { stateless, statelessTemplate } = synthStage('dev');
const [stateMachine] = Object.values(statelessTemplate.findResources('AWS::StepFunctions::StateMachine'));
const definitionString = stateMachine?.Properties.DefinitionString as string;
const substitutions = stateMachine?.Properties.DefinitionSubstitutions as Record<
  string,
  { 'Fn::GetAtt': string[] }
>;

/** The synthesized definition with each substitution replaced by an ARN of the function it names. */
function synthesizedDefinition(): {
  definition: Record<string, unknown>;
  arnToHandler: Map<string, HandlerName>;
} {
  const arnToHandler = new Map<string, HandlerName>();
  const values: Record<string, string> = {};
  for (const [variable, value] of Object.entries(substitutions)) {
    const [logicalId] = value['Fn::GetAtt'];
    const handler = (Object.keys(stateless.functions) as HandlerName[]).find(
      (name) =>
        stateless.getLogicalId(stateless.functions[name].function.node.defaultChild as never) === logicalId,
    );
    if (!handler) throw new Error(`${variable} names no function`);
    const arn = `arn:aws:lambda:ap-southeast-1:123456789012:function:occ-dev-${handler}`;
    values[variable] = arn;
    arnToHandler.set(arn, handler);
  }
  return { definition: JSON.parse(substitute(definitionString, values)), arnToHandler };
}

/** Every state, those inside a Map's item processor included, by name. */
function allStates(definition: Record<string, unknown>): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      out.push([name, state]);
      const processor = state.ItemProcessor as
        | { States?: Record<string, Record<string, unknown>> }
        | undefined;
      if (processor?.States) visit(processor.States);
    }
  };
  visit(definition.States as Record<string, Record<string, unknown>>);
  return out;
}

const WAIT_FOR_TASK_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** Each Task state → the ARN of the function it invokes (directly, or through the Lambda integration). */
function taskStates(definition: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    allStates(definition)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name, state]) => [
        name,
        state.Resource === WAIT_FOR_TASK_TOKEN
          ? String((state.Parameters as { FunctionName: string }).FunctionName)
          : String(state.Resource),
      ]),
  );
}

/** Resolves a JSONPath payload template (`"key.$": "$.a.b"` or `"$$.…"`) as Step Functions does. */
function resolveTemplate(template: unknown, input: unknown, context: unknown): unknown {
  if (Array.isArray(template)) return template.map((value) => resolveTemplate(value, input, context));
  if (template === null || typeof template !== 'object') return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$')
        ? [key.slice(0, -2), readPath(String(value), input, context)]
        : [key, resolveTemplate(value, input, context)],
    ),
  );
}

function readPath(path: string, input: unknown, context: unknown): unknown {
  const [root, ...keys] = path.startsWith('$$.') ? ['$$', ...path.slice(3).split('.')] : path.split('.');
  let value: unknown = root === '$$' ? context : input;
  for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

describe('the lookup workflow as synthesized', () => {
  it('is the definition file itself, inlined in the template', () => {
    expect(definitionString).toBe(readLookupDefinitionText());
  });

  it('substitutes every task placeholder with the function the workflow index names', () => {
    expect(Object.keys(substitutions).sort()).toEqual(Object.keys(LOOKUP_WORKFLOW_TASKS).sort());
    for (const [variable, handler] of Object.entries(LOOKUP_WORKFLOW_TASKS) as [
      LookupWorkflowVariable,
      HandlerName,
    ][]) {
      const logicalId = stateless.getLogicalId(
        stateless.functions[handler].function.node.defaultChild as never,
      );
      expect(substitutions[variable]).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
      expect(HANDLERS[handler].kind).toBe('task');
    }
  });

  it('passes asl-validator once substituted', () => {
    const { definition } = synthesizedDefinition();
    const result = aslValidator(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('catches every error of every Task state, so an accepted query always ends', () => {
    const { definition } = synthesizedDefinition();
    const tasks = allStates(definition).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBe(Object.keys(LOOKUP_WORKFLOW_TASKS).length);
    for (const [name, state] of tasks) {
      const catches = (state.Catch ?? []) as { ErrorEquals: string[] }[];
      expect(
        catches.flatMap((rule) => rule.ErrorEquals),
        name,
      ).toContain('States.ALL');
    }
    expect(JSON.stringify(definition)).not.toMatch(/"(Assign|QueryLanguage|Arguments|Output)"/);
  });

  it('fails asl-validator when a state points nowhere (the check can fail)', () => {
    const { definition } = synthesizedDefinition();
    const broken = structuredClone(definition) as { States: Record<string, { Next?: string }> };
    const prepare = broken.States.PrepareLookup;
    if (prepare) prepare.Next = 'NoSuchState';
    expect(aslValidator(broken).isValid).toBe(false);
  });

  it('waits for each company on a task token, with the company deadline as the task timeout', () => {
    const { definition, arnToHandler } = synthesizedDefinition();
    const states = Object.fromEntries(allStates(definition));
    expect(allStates(definition).filter(([, state]) => state.Type === 'Wait')).toEqual([]);
    const map = states.LookUpCompanies as Record<string, unknown>;
    const call = states.CallCompany as Record<string, unknown> & {
      Parameters: Record<string, unknown>;
      Retry: { ErrorEquals: string[] }[];
      Catch: { ErrorEquals: string[]; Next: string }[];
    };
    expect(call.Resource).toBe(WAIT_FOR_TASK_TOKEN);
    expect(arnToHandler.get(String(call.Parameters.FunctionName))).toBe('call-company');
    // What one iteration receives, and what its function is invoked with.
    const company = { queryId: 'q-1', companyId: 'alipay', lookupId: 'l-1', deadlineSeconds: 600 };
    const iterationInput = resolveTemplate(map.ItemSelector, {}, { Map: { Item: { Value: company } } });
    const parameters = resolveTemplate(call.Parameters, iterationInput, { Task: { Token: 'token-1' } });
    expect(parameters).toEqual({
      FunctionName: call.Parameters.FunctionName,
      Payload: { ...company, taskToken: 'token-1' },
    });
    // The deadline reads the same whether Step Functions takes it from the state input or from the
    // resolved Parameters (the local interpreter does the latter).
    const path = String(call.TimeoutSecondsPath);
    expect(readPath(path, iterationInput, {})).toBe(600);
    expect(readPath(path, parameters, {})).toBe(600);
    expect(call).not.toHaveProperty('TimeoutSeconds');
    // A passed deadline is not retried: the Catch marks the company unavailable.
    expect(call.Retry.flatMap((rule) => rule.ErrorEquals)).not.toContain('States.Timeout');
    expect(call.Retry.flatMap((rule) => rule.ErrorEquals)).not.toContain('States.ALL');
    expect(call.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'MarkUnavailable' },
    ]);
    const mark = states.MarkUnavailable as { Parameters: unknown };
    expect(
      resolveTemplate(
        mark.Parameters,
        { ...(iterationInput as object), failure: { Error: 'States.Timeout' } },
        {},
      ),
    ).toEqual({ queryId: 'q-1', companyId: 'alipay', lookupId: 'l-1', reason: 'States.Timeout' });
  });

  describe('executed by the local interpreter', () => {
    async function run(behaviour: Partial<Record<HandlerName, (input: Record<string, unknown>) => unknown>>) {
      const { definition, arnToHandler } = synthesizedDefinition();
      const calls: { handler: HandlerName; input: Record<string, unknown> }[] = [];
      const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
      const retries: Record<string, number> = {};
      for (const [state, arn] of Object.entries(taskStates(definition))) {
        const handler = arnToHandler.get(arn);
        if (!handler) throw new Error(`${state} runs ${arn}, which no function has`);
        retries[state] = 0;
        handlers[state] = async (input) => {
          calls.push({ handler, input: input as Record<string, unknown> });
          // Like the real tasks, the default answer carries the query id on to the next state.
          const respond = behaviour[handler] ?? ((taskInput) => ({ queryId: taskInput.queryId }));
          return respond(input as Record<string, unknown>);
        };
      }
      const machine = new LocalStateMachine(definition as unknown as StateMachineDefinition);
      const execution = machine.run(
        { queryId: 'q-1' },
        {
          overrides: {
            taskResourceLocalHandlers: handlers as never,
            retryIntervalOverrides: retries,
          },
        },
      );
      const outcome = await execution.result.then(
        () => 'SUCCEEDED',
        (error: Error & { cause?: Error }) => `FAILED ${error.cause?.name ?? error.name}`,
      );
      return { outcome, calls };
    }

    it('replies at once to a rejected query and records a failure when the reply cannot be sent', async () => {
      const { outcome, calls } = await run({
        'prepare-lookup': () => ({ queryId: 'q-1', companies: [] }),
        'send-reply': () => {
          throw new Error('SmsSendError');
        },
      });
      expect(outcome).toBe('FAILED ReplyNotSent');
      const handlersCalled = calls.map((call) => call.handler);
      expect(handlersCalled).not.toContain('call-company');
      expect(handlersCalled.filter((name) => name === 'send-reply')).toHaveLength(4);
      expect(handlersCalled.at(-1)).toBe('record-failure');
    });

    it('records a failure when the lookup cannot be prepared, after its retries', async () => {
      const { outcome, calls } = await run({
        'prepare-lookup': () => {
          throw Object.assign(new Error('table unavailable'), { name: 'TransientError' });
        },
      });
      expect(outcome).toBe('FAILED ReplyNotSent');
      const handlersCalled = calls.map((call) => call.handler);
      expect(handlersCalled.filter((name) => name === 'prepare-lookup')).toHaveLength(4);
      expect(handlersCalled.at(-1)).toBe('record-failure');
      expect(calls.at(-1)?.input).toEqual({ queryId: 'q-1' });
    });

    it('records a failure when the delivery cannot be recorded', async () => {
      const { outcome, calls } = await run({
        'prepare-lookup': () => ({ queryId: 'q-1', companies: [] }),
        'record-delivery': () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      });
      expect(outcome).toBe('FAILED ReplyNotSent');
      const handlersCalled = calls.map((call) => call.handler);
      expect(handlersCalled.filter((name) => name === 'send-reply')).toHaveLength(1);
      expect(handlersCalled.filter((name) => name === 'record-delivery')).toHaveLength(6);
      expect(handlersCalled.at(-1)).toBe('record-failure');
    });

    it('ends in a failed execution when even the failure cannot be recorded', async () => {
      const { outcome, calls } = await run({
        'prepare-lookup': () => {
          throw Object.assign(new Error('table unavailable'), { name: 'TransientError' });
        },
        'record-failure': () => {
          throw new Error('ResourceNotFoundException');
        },
      });
      expect(outcome).toBe('FAILED QueryNotClosed');
      expect(calls.filter((call) => call.handler === 'record-failure')).toHaveLength(6);
    });
  });
});
