import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../src/app.ts';
import { type SnsSmsConfig, STAGES, type StageConfig, type StageName } from '../../src/stages.ts';
import { StatefulStack } from '../../src/stateful-stack.ts';
import { StatelessStack } from '../../src/stateless-stack.ts';

export interface NagViolation {
  ruleName: string;
  description: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
  acknowledgedId?: string;
  reason?: string;
}

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: NagViolation[];
    suppressedViolations?: NagViolation[];
  }[];
}

export interface SynthesizedStage {
  config: StageConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
  statefulTemplate: Template;
  statelessTemplate: Template;
  report: ValidationReport;
}

const cache = new Map<string, SynthesizedStage>();

/**
 * The whole app for one stage, synthesized once per test file with bundling skipped (the bundling
 * test bundles a real handler on its own). Synthesis runs cdk-nag; a finding left unacknowledged
 * makes it throw, and its report is kept for the assertions. `variant.publishMenu` turns the
 * menu publisher on, which no stage does by default.
 */
export function synthStage(stage: StageName, variant: { publishMenu?: boolean } = {}): SynthesizedStage {
  const key = `${stage}${variant.publishMenu ? '+menu' : ''}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const config: StageConfig = variant.publishMenu
    ? { ...STAGES[stage], officialAccount: { ...STAGES[stage].officialAccount, publishMenu: true } }
    : STAGES[stage];
  const app = createApp({ stage, 'aws:cdk:bundling-stacks': [] }, () => config);
  const assembly = app.synth();
  const stacks = app.node.children;
  const stateful = stacks.find((child): child is StatefulStack => child instanceof StatefulStack);
  const stateless = stacks.find((child): child is StatelessStack => child instanceof StatelessStack);
  if (!stateful || !stateless) throw new Error('the app lacks a stack');
  const result: SynthesizedStage = {
    config,
    stateful,
    stateless,
    statefulTemplate: Template.fromStack(stateful),
    statelessTemplate: Template.fromStack(stateless),
    report: JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport,
  };
  cache.set(stage, result);
  return result;
}

export type Statement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

export const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every policy statement in a template: IAM policies, inline role policies, key, queue and topic policies. */
export function allStatements(
  template: Template,
): { resource: string; type: string; statement: Statement }[] {
  const out: { resource: string; type: string; statement: Statement }[] = [];
  for (const [logicalId, resource] of Object.entries(
    template.toJSON().Resources as Record<string, CfnResource>,
  )) {
    const props = resource.Properties ?? {};
    const documents: unknown[] = [
      props.PolicyDocument,
      props.KeyPolicy,
      ...asList(props.Policies as { PolicyDocument: unknown }[] | undefined).map(
        (policy) => policy.PolicyDocument,
      ),
    ];
    for (const document of documents) {
      for (const statement of asList((document as { Statement?: Statement[] } | undefined)?.Statement)) {
        out.push({ resource: logicalId, type: resource.Type, statement });
      }
    }
  }
  return out;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export function resourcesOfType(template: Template, type: string): [string, CfnResource][] {
  return Object.entries(template.toJSON().Resources as Record<string, CfnResource>).filter(
    ([, resource]) => resource.Type === type,
  );
}

/**
 * The JSON of an `AwsCustomResource` call (`Create`, `Update`): a plain string, or an `Fn::Join`
 * when it holds a token, whose tokens are read as `TOKEN:<logical id>`.
 */
export function customResourceCall<T = Record<string, unknown>>(value: unknown): T {
  if (typeof value === 'string') return JSON.parse(value) as T;
  const [, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      return `TOKEN:${token.Ref ?? token['Fn::GetAtt']?.[0] ?? JSON.stringify(part)}`;
    })
    .join('');
  return JSON.parse(text) as T;
}

/** The stage's SNS SMS settings; fails for a stage whose SMS do not go through SNS. */
export function snsSms(config: StageConfig): SnsSmsConfig {
  if (config.sms.gateway !== 'sns') throw new Error(`stage ${config.stage} does not send SMS through SNS`);
  return config.sms;
}
