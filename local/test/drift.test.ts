import { LOOKUP_WORKFLOW_TASKS } from '@occ/cdk/workflow/index.ts';
import { HANDLERS } from '@occ/functions/catalogue.ts';
import { ROUTES } from '@occ/functions/routes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_HANDLERS, QUEUE_HANDLERS, SIMULATION_HANDLERS, TASK_HANDLERS } from '../src/handlers.ts';
import { localLookupWorkflow } from '../src/index.ts';
import { synthesizedStateMachine, withLocalArns } from './synth.ts';

describe('the local runner and cdk synth', () => {
  let synthesized: ReturnType<typeof synthesizedStateMachine>;
  // A full synth (bundling skipped) takes a few seconds.
  beforeAll(() => {
    synthesized = synthesizedStateMachine();
  }, 120_000);

  it('executes exactly the definition that cdk synth emits', () => {
    const variables = Object.keys(LOOKUP_WORKFLOW_TASKS) as (keyof typeof LOOKUP_WORKFLOW_TASKS)[];
    expect(Object.keys(synthesized.substitutions).sort()).toEqual([...variables].sort());
    expect(withLocalArns(synthesized.definition)).toEqual(localLookupWorkflow().definition);
  });

  it('substitutes each placeholder with the ARN of a Lambda function of the app', () => {
    for (const value of Object.values(synthesized.substitutions)) {
      const [logicalId, attribute] = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      expect(attribute).toBe('Arn');
      expect(synthesized.resources[logicalId]?.Type).toBe('AWS::Lambda::Function');
    }
  });
});

describe('the local wiring and the handler catalogue', () => {
  it('maps every catalogue handler to the same handler the local service runs', () => {
    const local = { ...HTTP_HANDLERS, ...TASK_HANDLERS, ...QUEUE_HANDLERS, ...SIMULATION_HANDLERS };
    expect(Object.keys(local).sort()).toEqual(Object.keys(HANDLERS).sort());
    for (const [name, spec] of Object.entries(HANDLERS)) {
      const kind =
        name in HTTP_HANDLERS
          ? 'http'
          : name in TASK_HANDLERS
            ? 'task'
            : name in SIMULATION_HANDLERS
              ? 'simulation'
              : 'queue';
      expect(spec.kind, name).toBe(kind);
    }
  });

  it('routes every public route to an http handler of the catalogue', () => {
    for (const route of ROUTES)
      expect(HANDLERS[route.handler as keyof typeof HANDLERS]?.kind, route.path).toBe('http');
  });
});
