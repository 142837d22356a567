import { join } from 'node:path';
import { WECHAT_API_BASE } from '@occ/functions/adapters/wechat/official-account-api.ts';
import type { Menu } from '@occ/functions/wechat/menu.ts';
import { CustomResource, Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { WechatMenuProperties } from '../custom-resources/publish-wechat-menu.ts';
import { stackInstanceId } from '../instance-names.ts';
import { acknowledge } from '../nag.ts';
import { regionalServiceHost } from '../partition.ts';
import type { StageConfig } from '../stages.ts';
import { bundlingFor, REPO_ROOT } from './occ-function.ts';

export interface WechatMenuProps {
  config: StageConfig;
  menu: Menu;
  officialAccountSecret: ISecret;
  /** The key that encrypts the secret (read through Secrets Manager only). */
  dataKey: IKey;
  logsKey: IKey;
}

/**
 * Publishes the official account's menu on every deploy that changes it: a `Custom::WechatMenu`
 * resource whose properties are the menu and the ARN of the account's secret (never its value),
 * handled through CDK's provider framework by a function that reads the secret at run time.
 */
export class WechatMenu extends Construct {
  readonly resource: CustomResource;
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WechatMenuProps) {
    super(scope, id);
    const { config } = props;
    const logGroup = new LogGroup(this, 'Logs', {
      // Retained in prod: the name carries the stack instance so a replacement stack can create its own.
      logGroupName: `/occ/${config.stage}/${stackInstanceId()}/lambda/publish-wechat-menu`,
      retention: config.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: config.removalPolicy,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${config.prefix}-publish-wechat-menu: its logs and the official-account secret`,
    });
    role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadOfficialAccountSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.officialAccountSecret.secretArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'DataKeyThroughSecretsManager',
        actions: ['kms:Decrypt'],
        resources: [props.dataKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': regionalServiceHost('secretsmanager', config.region) },
        },
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      functionName: `${config.prefix}-publish-wechat-menu`,
      description: `One Card Check ${config.stage}: publishes the WeChat official account's menu on deploy`,
      entry: join(REPO_ROOT, 'cdk', 'src', 'custom-resources', 'publish-wechat-menu.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      // stable_token and menu/create, each cut off after 5 s.
      timeout: Duration.seconds(30),
      role,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: bundlingFor(config),
    });
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'nodejs22.x is the runtime the project targets and tests for (the code must also run on the Node 20 used locally); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK release.',
    );
    // The provider framework's own function answers CloudFormation; its role may write its logs and
    // invoke the handler, nothing else (no AWS managed policy).
    const providerLogs = new LogGroup(this, 'ProviderLogs', {
      logGroupName: `/occ/${config.stage}/${stackInstanceId()}/lambda/publish-wechat-menu-provider`,
      retention: config.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: config.removalPolicy,
    });
    const providerRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${config.prefix}-publish-wechat-menu provider: its logs and invoking the handler`,
    });
    providerRole.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [providerLogs.logGroupArn],
      }),
    );
    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: providerLogs,
      frameworkOnEventRole: providerRole,
    });
    acknowledge(
      providerRole,
      'AwsSolutions-IAM5[Resource::<WechatMenuFunction8D2E5FCF.Arn>:*]',
      "CDK's provider framework invokes the menu handler by its ARN and any of its versions (`:*`); the role may invoke that one function and nothing else.",
    );
    const properties: WechatMenuProperties = {
      Menu: JSON.stringify(props.menu),
      OfficialAccountSecretArn: props.officialAccountSecret.secretArn,
      ApiBase: WECHAT_API_BASE,
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::WechatMenu',
      properties: { ...properties },
    });
  }
}
