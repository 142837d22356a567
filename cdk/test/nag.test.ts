import { HANDLERS, type HandlerName } from '@occ/functions/catalogue.ts';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { pascal } from '../src/names.ts';
import type { StageName } from '../src/stages.ts';
import { synthStage } from './support/synth.ts';

const STAGE_NAMES: StageName[] = ['dev', 'prod', 'sandbox', 'china'];

describe.each(STAGE_NAMES)('cdk-nag AwsSolutionsChecks (%s)', (stage) => {
  const { report, stateful, stateless } = synthStage(stage);
  const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');

  it('runs on every synth and leaves no finding unacknowledged', () => {
    expect(nag, 'the AwsSolutions plugin reported').toBeDefined();
    expect(
      nag?.violations.map(
        (violation) => `${violation.ruleName} at ${violation.violatingConstructs[0]?.constructPath}`,
      ),
    ).toEqual([]);
    expect(nag?.conclusion).toBe('success');
  });

  it('gives every acknowledgement a reason', () => {
    const suppressed = nag?.suppressedViolations ?? [];
    expect(suppressed.length).toBeGreaterThan(0);
    for (const violation of suppressed) {
      expect(violation.acknowledgedId, violation.ruleName).toMatch(/^AwsSolutions::AwsSolutions-/);
      expect(violation.reason?.length ?? 0, `${violation.ruleName} reason`).toBeGreaterThan(60);
    }
  });

  it('acknowledges only the findings this project has argued for', () => {
    const rules = new Set((nag?.suppressedViolations ?? []).map((violation) => violation.ruleName));
    expect([...rules].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-L1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
      ].sort(),
    );
  });

  it('acknowledges wildcard resources only on the roles of SNS SMS, the SMS settings and the workflow', () => {
    const wildcardRoles = (nag?.suppressedViolations ?? [])
      .filter((violation) => violation.ruleName.startsWith('AwsSolutions-IAM5'))
      .flatMap((violation) => violation.violatingConstructs.map((construct) => construct.constructPath))
      .map((path) => path.split('/').slice(1, -2).join('/'))
      .sort();
    const smsSenders = (Object.keys(HANDLERS) as HandlerName[])
      .filter((name) => HANDLERS[name].snsPublish)
      .map((name) => `${pascal(name)}/Role`);
    expect(smsSenders.length).toBeGreaterThan(0);
    // Only where SNS sends the SMS: the sandbox writes them to its outbox table instead.
    const sns = synthStage(stage).config.sms.gateway === 'sns';
    expect(wildcardRoles).toEqual(
      [...(sns ? [...smsSenders, 'SmsSettings/Role'] : []), 'LookupWorkflow/Role'].sort(),
    );
  });

  it.each(['stateful', 'stateless'] as const)(
    'leaves no error or warning annotation in the %s stack',
    (which) => {
      const annotations = Annotations.fromStack(which === 'stateful' ? stateful : stateless);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    },
  );
});
