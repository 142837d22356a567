import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HandlerSpec } from '@occ/functions/catalogue.ts';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { stackInstanceId } from '../instance-names.ts';
import { acknowledge } from '../nag.ts';
import type { StageConfig } from '../stages.ts';

/** The repository root: esbuild resolves workspace packages (`@occ/shared`) from its node_modules. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FUNCTIONS_ROOT = join(REPO_ROOT, 'functions');

/**
 * How every handler is bundled: the local esbuild (never Docker), ESM for Node 22, minified with
 * source maps, the AWS SDK bundled so the deployed code runs the versions the tests ran.
 */
export const BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node22',
  platform: 'node',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  // Some bundled CommonJS dependencies call require() for Node built-ins; ESM output has no require.
  banner:
    "import { createRequire as occCreateRequire } from 'node:module';const require = occCreateRequire(import.meta.url);",
  tsconfig: join(FUNCTIONS_ROOT, 'tsconfig.json'),
};

/**
 * The bundling of a stage: a gateway SDK that only another stage's SMS gateway uses is left out
 * (the adapter loads it on first use, which never happens there), so the Alibaba Cloud SDK
 * (about 1 MB) weighs only on the stage that sends through it.
 */
export function bundlingFor(config: { sms: Pick<StageConfig['sms'], 'gateway'> }): BundlingOptions {
  return { ...BUNDLING, externalModules: config.sms.gateway === 'aliyun' ? [] : ['@alicloud/*'] };
}

const TIMEOUTS: Record<HandlerSpec['kind'], Duration> = {
  // API Gateway waits at most 30 s; a citizen should never wait that long.
  http: Duration.seconds(10),
  // Below each Task state's own timeout in the workflow, so a slow call surfaces as a Lambda error.
  task: Duration.seconds(25),
  // The queue's visibility timeout is six times this.
  queue: Duration.seconds(30),
  // A simulated company that is down holds a call 12 s, past the service's 3 s call timeout.
  simulation: Duration.seconds(15),
};

export interface OccFunctionProps {
  handlerName: string;
  spec: HandlerSpec;
  environment: Record<string, string>;
  config: StageConfig;
  logsKey: IKey;
  /**
   * For a function invoked asynchronously (EventBridge): how often Lambda retries a failed event
   * and the dead-letter queue that keeps it afterwards (the role may send to that queue only).
   */
  asyncFailures?: { deadLetterQueue: IQueue; retryAttempts: number; maxEventAge: Duration };
}

/**
 * One handler as a Lambda function with its own role and its own encrypted log group. The role
 * starts with nothing but writing to that log group; the stack adds what the handler's declaration derives.
 */
export class OccFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: OccFunctionProps) {
    super(scope, id);
    const { config, handlerName, spec } = props;
    this.logGroup = new LogGroup(this, 'Logs', {
      // Retained in prod: the name carries the stack instance so a replacement stack can create its own.
      logGroupName: `/occ/${config.stage}/${stackInstanceId()}/lambda/${handlerName}`,
      retention: config.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: config.removalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${config.prefix}-${handlerName}: only what functions/src/catalogue.ts lists`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      functionName: `${config.prefix}-${handlerName}`,
      description: `One Card Check ${config.stage}: ${handlerName} (${spec.kind})`,
      entry: join(FUNCTIONS_ROOT, spec.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: TIMEOUTS[spec.kind],
      role: this.role,
      logGroup: this.logGroup,
      // Stack traces point at the TypeScript source through the bundled source maps.
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: bundlingFor(config),
      ...(props.asyncFailures ?? {}),
    });
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'nodejs22.x is the runtime the project targets and tests for (the code must also run on the Node 20 used locally); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK release.',
    );
  }
}
