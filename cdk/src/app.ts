import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageFromContext } from './stages.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** Settings every synth shares, from the CLI or from tests. */
const DEFAULT_CONTEXT: Record<string, unknown> = {
  // The stateless stack reads the stateful stack's outputs at deploy time (Fn::GetStackOutput)
  // instead of importing exports: an export in use cannot be removed, so removing a company (its
  // secret, its ARN) took two deploys. The stateless stack still deploys after the stateful one.
  '@aws-cdk/core:defaultCrossStackReferences': 'weak',
};

/**
 * The One Card Check CDK app for the stage named by the `stage` context value (default `dev`):
 * a stateful stack (keys, tables, queue, secrets, SMS settings) and a stateless one (functions,
 * API, workflow, alarms), checked by cdk-nag's AWS Solutions rules on every synth.
 */
export function createApp(context: Record<string, unknown> = {}): App {
  const app = new App({ context: { ...DEFAULT_CONTEXT, ...context } });
  const config = stageFromContext(app.node.tryGetContext('stage'));
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region };
  const tags = { project: 'one-card-check', stage: config.stage };

  const stateful = new StatefulStack(app, `${pascalStage(config.prefix)}-Stateful`, {
    config,
    env,
    tags,
    terminationProtection: config.stage === 'prod',
    description: `One Card Check (${config.stage}): keys, tables, lookup queue, secrets, SMS settings`,
  });
  new StatelessStack(app, `${pascalStage(config.prefix)}-Stateless`, {
    config,
    stateful,
    env,
    tags,
    description: `One Card Check (${config.stage}): functions, HTTP API, lookup workflow, alarms, dashboard`,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

function pascalStage(prefix: string): string {
  return prefix.replace(/(^|-)(\w)/g, (_, _sep: string, letter: string) => letter.toUpperCase());
}
