import { createApp } from '@occ/cdk/app.ts';
import { LOOKUP_WORKFLOW_TASKS } from '@occ/cdk/workflow/index.ts';
import { HANDLERS } from '@occ/functions/catalogue.ts';
import { ROUTES } from '@occ/functions/routes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_HANDLERS, QUEUE_HANDLERS, SIMULATION_HANDLERS, TASK_HANDLERS } from '../src/handlers.ts';
import { localFunctionArn, localLookupWorkflow } from '../src/index.ts';

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The state machine as `cdk synth` emits it: its definition text and its substitutions. */
function synthesizedStateMachine(): {
  definition: string;
  substitutions: Record<string, unknown>;
  resources: Record<string, Resource>;
} {
  const assembly = createApp({ 'aws:cdk:bundling-stacks': [] }).synth();
  for (const stack of assembly.stacks) {
    const resources = (stack.template as { Resources: Record<string, Resource> }).Resources;
    const machine = Object.values(resources).find(
      (resource) => resource.Type === 'AWS::StepFunctions::StateMachine',
    );
    if (!machine?.Properties) continue;
    const raw = machine.Properties.DefinitionString;
    const definition =
      typeof raw === 'string'
        ? raw
        : (raw as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
            .map((part) => {
              if (typeof part !== 'string')
                throw new Error('the definition holds a token the runner cannot resolve');
              return part;
            })
            .join((raw as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][0]);
    return {
      definition,
      substitutions: (machine.Properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>,
      resources,
    };
  }
  throw new Error('no state machine in the synthesized app');
}

describe('the local runner and cdk synth', () => {
  let synthesized: ReturnType<typeof synthesizedStateMachine>;
  // A full synth (bundling skipped) takes a few seconds.
  beforeAll(() => {
    synthesized = synthesizedStateMachine();
  }, 120_000);

  it('executes exactly the definition that cdk synth emits', () => {
    const variables = Object.keys(LOOKUP_WORKFLOW_TASKS) as (keyof typeof LOOKUP_WORKFLOW_TASKS)[];
    expect(Object.keys(synthesized.substitutions).sort()).toEqual([...variables].sort());
    const resolved = synthesized.definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
      const handler = LOOKUP_WORKFLOW_TASKS[name as keyof typeof LOOKUP_WORKFLOW_TASKS];
      if (!handler) throw new Error(`unknown placeholder ${whole}`);
      return localFunctionArn(handler);
    });
    expect(JSON.parse(resolved)).toEqual(localLookupWorkflow().definition);
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
