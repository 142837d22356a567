import {
  CloudFormationClient,
  DescribeStacksCommand,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetSMSAttributesCommand, GetSMSSandboxAccountStatusCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccountProbe, FixedNames } from './checks.ts';

/** True when the SDK error says the thing looked up does not exist. */
function notFound(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as { message?: string }).message ?? '';
  return /NotFound|NonExistent|does not exist/i.test(name) || /does not exist/i.test(message);
}

async function exists(lookup: () => Promise<unknown>): Promise<boolean> {
  try {
    await lookup();
    return true;
  } catch (error) {
    if (notFound(error)) return false;
    throw error;
  }
}

/** The read-only AWS calls preflight makes, with the default credentials and the stage's region. */
export function awsAccountProbe(region: string): AccountProbe {
  const sts = new STSClient({ region });
  const ssm = new SSMClient({ region });
  const cloudFormation = new CloudFormationClient({ region });
  const dynamo = new DynamoDBClient({ region });
  const sqs = new SQSClient({ region });
  const secrets = new SecretsManagerClient({ region });
  const kms = new KMSClient({ region });
  const logs = new CloudWatchLogsClient({ region });
  const sns = new SNSClient({ region });
  const lambda = new LambdaClient({ region });

  return {
    async callerAccount() {
      return (await sts.send(new GetCallerIdentityCommand({}))).Account ?? 'unknown';
    },
    async bootstrapVersion() {
      try {
        const answer = await ssm.send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }));
        return Number(answer.Parameter?.Value);
      } catch (error) {
        if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
        throw error;
      }
    },
    async stack(stackName) {
      try {
        const answer = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
        const found = answer.Stacks?.[0];
        const status = found?.StackStatus;
        if (status === undefined || status === 'DELETE_COMPLETE') return undefined;
        return { status, terminationProtection: found?.EnableTerminationProtection === true };
      } catch (error) {
        if (/does not exist/.test((error as Error).message)) return undefined;
        throw error;
      }
    },
    async takenNames(names: FixedNames) {
      const taken: string[] = [];
      for (const table of names.tables) {
        if (await exists(() => dynamo.send(new DescribeTableCommand({ TableName: table }))))
          taken.push(`table ${table}`);
      }
      for (const queue of names.queues) {
        if (await exists(() => sqs.send(new GetQueueUrlCommand({ QueueName: queue }))))
          taken.push(`queue ${queue}`);
      }
      for (const secret of names.secrets) {
        // Secrets scheduled for deletion keep their name until the recovery window ends.
        const listed = await secrets.send(
          new ListSecretsCommand({
            IncludePlannedDeletion: true,
            Filters: [{ Key: 'name', Values: [secret] }],
          }),
        );
        const match = (listed.SecretList ?? []).find((entry) => entry.Name === secret);
        if (match) taken.push(`secret ${secret}${match.DeletedDate ? ' (scheduled for deletion)' : ''}`);
      }
      const aliases = new Set<string>();
      let marker: string | undefined;
      do {
        const page = await kms.send(new ListAliasesCommand({ Marker: marker }));
        for (const alias of page.Aliases ?? []) if (alias.AliasName) aliases.add(alias.AliasName);
        marker = page.NextMarker;
      } while (marker);
      for (const alias of names.aliases) if (aliases.has(alias)) taken.push(`key alias ${alias}`);
      for (const logGroup of names.logGroups) {
        const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }));
        if ((page.logGroups ?? []).some((group) => group.logGroupName === logGroup))
          taken.push(`log group ${logGroup}`);
      }
      return taken;
    },
    async smsAccount() {
      const status = await sns.send(new GetSMSSandboxAccountStatusCommand({}));
      const attributes = await sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] }));
      return {
        inSandbox: status.IsInSandbox === true,
        monthlySpendLimitUsd: Number(attributes.attributes?.MonthlySpendLimit ?? 1),
      };
    },
    async lambdaConcurrency() {
      const settings = await lambda.send(new GetAccountSettingsCommand({}));
      return settings.AccountLimit?.ConcurrentExecutions ?? 0;
    },
    async exchangedSecrets(stackName, secretNames) {
      // A secret's physical id in its stack is its ARN.
      const inStack = new Set<string>();
      for await (const page of paginateListStackResources(
        { client: cloudFormation },
        { StackName: stackName },
      )) {
        for (const resource of page.StackResourceSummaries ?? [])
          if (resource.ResourceType === 'AWS::SecretsManager::Secret' && resource.PhysicalResourceId)
            inStack.add(resource.PhysicalResourceId);
      }
      const generated: string[] = [];
      const absent: string[] = [];
      const outsideStack: string[] = [];
      for (const secretName of secretNames) {
        let secret: { ARN?: string; VersionIdsToStages?: Record<string, string[]> };
        try {
          secret = await secrets.send(new DescribeSecretCommand({ SecretId: secretName }));
        } catch (error) {
          if (!notFound(error)) throw error;
          absent.push(secretName);
          continue;
        }
        if (!secret.ARN || !inStack.has(secret.ARN)) outsideStack.push(secretName);
        // A secret nobody put a value in still has only the version CloudFormation generated.
        else if (Object.keys(secret.VersionIdsToStages ?? {}).length <= 1) generated.push(secretName);
      }
      return { generated, absent, outsideStack };
    },
  };
}
