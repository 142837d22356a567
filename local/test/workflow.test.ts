import '../src/polyfill.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOOKUP_WORKFLOW_TASKS } from '@occ/cdk/workflow/index.ts';
import type { HandlerName } from '@occ/functions/catalogue.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctions, type SfnAnswer } from '../src/aws/sfn.ts';
import type { TaskLambda } from '../src/handlers.ts';
import { localFunctionArn } from '../src/index.ts';
import { synthesizedStateMachine, withLocalArns } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: a stub reads whatever its state passes it
type Input = Record<string, any>;
type Stub = (input: Input, sfn: LocalStepFunctions) => unknown;

const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:occ-local-lookup';
const COMPANIES = [
  { companyId: 'tencent', deadlineSeconds: 60 },
  { companyId: 'alipay', deadlineSeconds: 600 },
];

let definition: Record<string, unknown>;
// A full synth (bundling skipped) takes a few seconds.
beforeAll(() => {
  definition = withLocalArns(synthesizedStateMachine().definition);
}, 120_000);

const failure = (name: string) => Object.assign(new Error(name), { name });
const resume = (sfn: LocalStepFunctions, input: Input, count: number) =>
  sfn.sendTaskSuccess({
    taskToken: input.taskToken,
    output: JSON.stringify({ companyId: input.companyId, status: 'DONE', count }),
  });

/**
 * One execution of the lookup workflow as `cdk synth` emits it, run by the local Step Functions
 * emulation with a stub behind every task function and a service clock the test moves.
 */
function execute(stubs: Partial<Record<HandlerName, Stub>>) {
  let clockMs = Date.parse('2026-03-01T08:00:00Z');
  const calls: { handler: HandlerName; input: Input }[] = [];
  const transitions: string[] = [];
  let finish: (outcome: string) => void = () => {};
  const finished = new Promise<string>((resolve) => {
    finish = resolve;
  });
  const arnToHandler = new Map<string, TaskLambda>();
  let sfn: LocalStepFunctions | undefined;
  for (const handler of Object.values(LOOKUP_WORKFLOW_TASKS) as HandlerName[]) {
    arnToHandler.set(localFunctionArn(handler), async (input: Input) => {
      calls.push({ handler, input });
      const stub = stubs[handler] ?? ((taskInput: Input) => ({ queryId: taskInput.queryId }));
      return stub(input, sfn as LocalStepFunctions);
    });
  }
  sfn = new LocalStepFunctions(ARN, definition, arnToHandler, {
    now: () => clockMs,
    onTransition: (_name, state) => transitions.push(state),
    onFinished: (_name, outcome, error) =>
      finish(error ? `${outcome} ${(error as Error & { cause?: Error }).cause?.name}` : outcome),
  });
  const started = sfn.startExecution({ stateMachineArn: ARN, name: 'q-1', input: '{"queryId":"q-1"}' });
  expect(started.status).toBe(200);
  const companyCalls = (handler: HandlerName, companyId: string) =>
    calls.filter((call) => call.handler === handler && call.input.companyId === companyId);
  return {
    sfn,
    calls,
    transitions,
    finished,
    handlers: () => calls.map((call) => call.handler),
    companyCalls,
    /** Resolves with the company's call once its task has invoked it (polling, bounded). */
    async called(handler: HandlerName, companyId: string, times = 1): Promise<Input> {
      for (let waited = 0; waited < 5_000; waited += 5) {
        const found = companyCalls(handler, companyId);
        if (found.length >= times) return found[times - 1]?.input as Input;
        await sleep(5);
      }
      throw new Error(`${handler} was not called for ${companyId}`);
    },
    advanceClock(seconds: number) {
      clockMs += seconds * 1000;
      sfn?.expireOverdueTasks();
    },
  };
}

const prepare = () => ({
  queryId: 'q-1',
  companies: COMPANIES.map((company) => ({ queryId: 'q-1', lookupId: `l-${company.companyId}`, ...company })),
});

const errorOf = (answer: SfnAnswer) => (answer.body as { __type?: string }).__type;

describe('the synthesized lookup workflow, executed with task tokens', () => {
  it('resumes a sync company at once and an async one when its callback comes, then replies once', async () => {
    const run = execute({
      'prepare-lookup': prepare,
      'call-company': (input, sfn) =>
        input.companyId === 'tencent' ? resume(sfn, input, 2) : { companyId: 'alipay', status: 'PENDING' },
    });
    const alipay = await run.called('call-company', 'alipay');
    const tencent = await run.called('call-company', 'tencent');
    expect(alipay).toMatchObject({ queryId: 'q-1', lookupId: 'l-alipay', deadlineSeconds: 600 });
    expect(tencent).toMatchObject({ lookupId: 'l-tencent', deadlineSeconds: 60 });
    expect(alipay.taskToken).toEqual(expect.any(String));
    expect(alipay.taskToken).not.toBe(tencent.taskToken);
    // Nothing moves on while the asynchronous company has not answered: no polling loop.
    await sleep(50);
    expect(run.handlers()).not.toContain('send-reply');

    expect(resume(run.sfn, alipay, 1)).toEqual({ status: 200, body: {} });
    expect(await run.finished).toBe('SUCCEEDED');
    expect(run.handlers()).toEqual([
      'prepare-lookup',
      'call-company',
      'call-company',
      'send-reply',
      'record-delivery',
    ]);
    // Four states, and one per company: what Step Functions bills as state transitions.
    expect(run.transitions.sort()).toEqual(
      [
        'CallCompany',
        'CallCompany',
        'LookUpCompanies',
        'PrepareLookup',
        'RecordDelivery',
        'SendReply',
      ].sort(),
    );
    expect(run.handlers()).not.toContain('mark-unavailable');
    // A repeated callback finds the task gone, as Step Functions answers it.
    expect(errorOf(resume(run.sfn, alipay, 1))).toBe('TaskDoesNotExist');
  });

  it('fails a task whose deadline passed on the service clock with States.Timeout; a late answer is TaskTimedOut', async () => {
    let lateAnswerSent: () => void = () => {};
    const lateAnswer = new Promise<void>((resolve) => {
      lateAnswerSent = resolve;
    });
    const run = execute({
      'prepare-lookup': prepare,
      'call-company': (input, sfn) =>
        input.companyId === 'tencent' ? resume(sfn, input, 2) : { companyId: 'alipay', status: 'PENDING' },
      // The late callback comes while the Catch path runs.
      'mark-unavailable': async (input) => {
        await lateAnswer;
        return { companyId: input.companyId, status: 'UNAVAILABLE' };
      },
    });
    const alipay = await run.called('call-company', 'alipay');
    run.advanceClock(599);
    await sleep(20);
    expect(run.handlers()).not.toContain('mark-unavailable');
    run.advanceClock(2);
    const marked = await run.called('mark-unavailable', 'alipay');
    expect(marked).toEqual({
      queryId: 'q-1',
      companyId: 'alipay',
      lookupId: 'l-alipay',
      reason: 'States.Timeout',
    });
    expect(errorOf(resume(run.sfn, alipay, 1))).toBe('TaskTimedOut');
    lateAnswerSent();
    expect(await run.finished).toBe('SUCCEEDED');
    expect(run.handlers().filter((name) => name === 'send-reply')).toHaveLength(1);
    // Once the execution ended, its tokens are gone altogether.
    expect(errorOf(resume(run.sfn, alipay, 1))).toBe('TaskDoesNotExist');
  });

  it('marks a company whose call failed unavailable at once; its token then resumes nothing', async () => {
    const run = execute({
      'prepare-lookup': prepare,
      'call-company': (input, sfn) => {
        if (input.companyId === 'alipay') throw failure('PartnerUnavailableError');
        return resume(sfn, input, 2);
      },
      'mark-unavailable': (input) => ({ companyId: input.companyId, status: 'UNAVAILABLE' }),
    });
    const alipay = await run.called('call-company', 'alipay');
    expect(await run.finished).toBe('SUCCEEDED');
    expect(run.companyCalls('mark-unavailable', 'alipay').map((call) => call.input.reason)).toEqual([
      'PartnerUnavailableError',
    ]);
    expect(run.companyCalls('mark-unavailable', 'tencent')).toEqual([]);
    expect(errorOf(resume(run.sfn, alipay, 1))).toBe('TaskDoesNotExist');
  });

  it('retries a passing fault with a fresh token; the first one resumes nothing', async () => {
    let attempts = 0;
    const run = execute({
      'prepare-lookup': () => ({ ...prepare(), companies: prepare().companies.slice(0, 1) }),
      'call-company': (input, sfn) => {
        if (++attempts === 1) throw failure('TransientError');
        return resume(sfn, input, 2);
      },
    });
    const first = await run.called('call-company', 'tencent');
    const second = await run.called('call-company', 'tencent', 2);
    expect(await run.finished).toBe('SUCCEEDED');
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(errorOf(resume(run.sfn, first, 2))).toBe('TaskDoesNotExist');
    expect(run.handlers()).not.toContain('mark-unavailable');
  });

  it('enters 12 states for eight companies that all answer at once, and 4 for a rejected query', async () => {
    const eight = ['tencent', 'alibaba', 'alipay', 'baidu', 'kuaishou', 'douyin', 'jd', 'meituan'];
    const run = execute({
      'prepare-lookup': () => ({
        queryId: 'q-1',
        companies: eight.map((companyId) => ({
          queryId: 'q-1',
          companyId,
          lookupId: `l-${companyId}`,
          deadlineSeconds: 60,
        })),
      }),
      'call-company': (input, sfn) => resume(sfn, input, 1),
    });
    expect(await run.finished).toBe('SUCCEEDED');
    expect(run.transitions).toHaveLength(12);
    const rejected = execute({ 'prepare-lookup': () => ({ queryId: 'q-1', companies: [] }) });
    expect(await rejected.finished).toBe('SUCCEEDED');
    expect(rejected.transitions).toEqual(['PrepareLookup', 'LookUpCompanies', 'SendReply', 'RecordDelivery']);
    expect(rejected.handlers()).toEqual(['prepare-lookup', 'send-reply', 'record-delivery']);
  });

  it('fails a task with the error SendTaskFailure names, and refuses tokens and outputs it cannot take', async () => {
    const run = execute({
      'prepare-lookup': () => ({ ...prepare(), companies: prepare().companies.slice(1) }),
      'call-company': () => ({ companyId: 'alipay', status: 'PENDING' }),
      'mark-unavailable': (input) => ({ companyId: input.companyId, status: 'UNAVAILABLE' }),
    });
    const alipay = await run.called('call-company', 'alipay');
    expect(errorOf(run.sfn.sendTaskSuccess({ taskToken: 'made-up', output: '{}' }))).toBe('InvalidToken');
    expect(errorOf(run.sfn.sendTaskSuccess({ taskToken: alipay.taskToken, output: 'not json' }))).toBe(
      'InvalidOutput',
    );
    expect(
      run.sfn.sendTaskFailure({
        taskToken: alipay.taskToken,
        error: 'PartnerRefused',
        cause: 'no such number',
      }),
    ).toEqual({ status: 200, body: {} });
    expect((await run.called('mark-unavailable', 'alipay')).reason).toBe('PartnerRefused');
    expect(await run.finished).toBe('SUCCEEDED');
  });
});
