import { App, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StageConfig, stageFromContext } from './stages.ts';
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
 * API, workflow, alarms), checked by cdk-nag's AWS Solutions rules on every synth. `adjust` lets a
 * test build a variant of a stage's configuration (for example with `publishMenu` on).
 */
export function createApp(
  context: Record<string, unknown> = {},
  adjust: (config: StageConfig) => StageConfig = (config) => config,
): App {
  const app = new App({ context: { ...DEFAULT_CONTEXT, ...context } });
  const config = adjust(stageFromContext(app.node.tryGetContext('stage')));
  refuseOtherAccount(config, process.env.CDK_DEFAULT_ACCOUNT);
  // The stacks name their account: the CDK CLI refuses to deploy them with another account's credentials.
  const env = { account: config.account, region: config.region };
  const tags = { project: 'one-card-check', stage: config.stage };

  const stateful = new StatefulStack(app, `${pascalStage(config.prefix)}-Stateful`, {
    config,
    env,
    tags,
    // The stages that keep their data (retained tables, keys, secrets) also guard the stack itself.
    terminationProtection: config.removalPolicy !== RemovalPolicy.DESTROY,
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

/**
 * Fails when the CLI's credentials (`CDK_DEFAULT_ACCOUNT`) belong to another account than the
 * stage's: SMS settings and quotas are account-wide, so a stage in the wrong account would change
 * another stage's limits. Without credentials (plain synth) there is nothing to compare.
 */
export function refuseOtherAccount(config: StageConfig, credentialsAccount: string | undefined): void {
  if (credentialsAccount === undefined || credentialsAccount === '' || credentialsAccount === config.account)
    return;
  throw new Error(
    `stage ${config.stage} deploys only to account ${config.account} (cdk/src/stages.ts), but the credentials are for account ${credentialsAccount}: use the ${config.stage} account's profile, or synthesize without credentials`,
  );
}

function pascalStage(prefix: string): string {
  return prefix.replace(/(^|-)(\w)/g, (_, _sep: string, letter: string) => letter.toUpperCase());
}
