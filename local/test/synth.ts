import { createApp } from '@occ/cdk/app.ts';
import { LOOKUP_WORKFLOW_TASKS } from '@occ/cdk/workflow/index.ts';
import { localFunctionArn } from '../src/index.ts';

type Resource = { Type: string; Properties?: Record<string, unknown> };

/**
 * The lookup state machine as `cdk synth` emits it (bundling skipped; a few seconds): its
 * definition text, its substitutions and the template's resources.
 */
export function synthesizedStateMachine(): {
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

/** The synthesized definition text with each task placeholder replaced by the handler's local ARN. */
export function withLocalArns(definition: string): Record<string, unknown> {
  return JSON.parse(
    definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
      const handler = LOOKUP_WORKFLOW_TASKS[name as keyof typeof LOOKUP_WORKFLOW_TASKS];
      if (!handler) throw new Error(`unknown placeholder ${whole}`);
      return localFunctionArn(handler);
    }),
  ) as Record<string, unknown>;
}
