import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES, type StageName } from '../src/stages.ts';
import { synthStage } from './support/synth.ts';

/**
 * `cdk/execution-policy.json` is the narrowed policy docs/deploy.md offers for the bootstrap's
 * CloudFormation execution role, which creates every resource of the templates. Each resource type
 * the stacks hold must be one its services allow, so a construct added later cannot make a
 * narrowed account's deploy fail on a permission nobody listed.
 */
interface Statement {
  Effect: string;
  Action: string[];
  Resource: string | string[];
}
const POLICY = JSON.parse(readFileSync(join(import.meta.dirname, '../execution-policy.json'), 'utf8')) as {
  Version: string;
  Statement: Statement[];
};

/** CloudFormation's namespace of a resource type → an action that creates such resources. */
const CREATE_ACTION: Record<string, string> = {
  ApiGatewayV2: 'apigateway:POST',
  Budgets: 'budgets:ModifyBudget',
  CloudWatch: 'cloudwatch:PutMetricAlarm',
  DynamoDB: 'dynamodb:CreateTable',
  Events: 'events:PutRule',
  IAM: 'iam:CreateRole',
  KMS: 'kms:CreateKey',
  Lambda: 'lambda:CreateFunction',
  Logs: 'logs:CreateLogGroup',
  SNS: 'sns:CreateTopic',
  SQS: 'sqs:CreateQueue',
  SecretsManager: 'secretsmanager:CreateSecret',
  StepFunctions: 'states:CreateStateMachine',
};

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** Whether the policy allows `action` on `resource`. */
function allows(action: string, resource = '*'): boolean {
  return POLICY.Statement.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      statement.Action.some((pattern) => glob(pattern).test(action)) &&
      [statement.Resource].flat().some((pattern) => pattern === '*' || glob(pattern).test(resource)),
  );
}

describe('cdk/execution-policy.json', () => {
  it('is an IAM policy document', () => {
    expect(POLICY.Version).toBe('2012-10-17');
    expect(POLICY.Statement.length).toBeGreaterThan(0);
  });

  describe.each(Object.keys(STAGES) as StageName[])('%s', (stage) => {
    const { statefulTemplate, statelessTemplate } = synthStage(stage);
    const templates = [statefulTemplate.toJSON(), statelessTemplate.toJSON()] as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
      Parameters?: Record<string, { Type: string; Default?: string }>;
    }[];
    const resources = templates.flatMap((template) => Object.values(template.Resources));

    it('allows the service of every resource type the stacks hold', () => {
      const types = [...new Set(resources.map((resource) => resource.Type))];
      const unallowed = types.filter((type) => {
        const [, namespace] = type.split('::');
        if (type === 'AWS::CDK::Metadata') return false;
        // CloudFormation invokes a custom resource's function with the execution role.
        if (type.startsWith('Custom::')) return !allows('lambda:InvokeFunction');
        const action = CREATE_ACTION[namespace ?? ''];
        return action === undefined || !allows(action);
      });
      expect(
        unallowed,
        'add the service to the policy and an action that creates it to CREATE_ACTION',
      ).toEqual([]);
      expect(allows('iam:PassRole')).toBe(true);
    });

    it('lets Lambda read each function’s code from the bootstrap bucket', () => {
      const buckets = resources
        .filter((resource) => resource.Type === 'AWS::Lambda::Function')
        .map((resource) => (resource.Properties?.Code as { S3Bucket?: unknown } | undefined)?.S3Bucket)
        .filter((bucket): bucket is string => typeof bucket === 'string');
      expect(buckets.length).toBeGreaterThan(0);
      for (const bucket of new Set(buckets)) {
        const partition = STAGES[stage].region.startsWith('cn-') ? 'aws-cn' : 'aws';
        expect(allows('s3:GetObject', `arn:${partition}:s3:::${bucket}/code.zip`), bucket).toBe(true);
      }
    });

    it('lets CloudFormation read the outputs the stateless stack takes from the stateful one', () => {
      // Fn::GetStackOutput without a RoleArn reads them with the execution role (cloudformation:DescribeStacks).
      const read = new Set<string>();
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(visit);
        else if (value && typeof value === 'object') {
          const output = (value as Record<string, unknown>)['Fn::GetStackOutput'] as
            | { StackName?: string }
            | undefined;
          if (output?.StackName) read.add(output.StackName);
          Object.values(value).forEach(visit);
        }
      };
      templates.forEach(visit);
      expect(read.size).toBeGreaterThan(0);
      for (const stackName of read) {
        const arn = `arn:aws:cloudformation:${STAGES[stage].region}:123456789012:stack/${stackName}/0f1e2d3c`;
        expect(allows('cloudformation:DescribeStacks', arn), stackName).toBe(true);
      }
    });

    it('lets CloudFormation read the bootstrap version parameter the templates check', () => {
      const names = templates.flatMap((template) =>
        Object.values(template.Parameters ?? {})
          .filter((parameter) => parameter.Type.startsWith('AWS::SSM::Parameter::Value'))
          .map((parameter) => parameter.Default ?? ''),
      );
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(
          allows('ssm:GetParameters', `arn:aws:ssm:${STAGES[stage].region}:123456789012:parameter${name}`),
        ).toBe(true);
      }
    });
  });
});
