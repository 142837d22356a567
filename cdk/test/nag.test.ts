import { HANDLERS, type HandlerName } from '@occ/functions/catalogue.ts';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { pascal } from '../src/names.ts';
import { STAGES, type StageName } from '../src/stages.ts';
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
    // The menu provider's invoke grant on the handler and its versions, in a stage that publishes the menu.
    const menuProvider = STAGES[stage].officialAccount.publishMenu
      ? ['AwsSolutions-IAM5[Resource::<WechatMenuFunction8D2E5FCF.Arn>:*]']
      : [];
    expect([...rules].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-L1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
        ...menuProvider,
      ].sort(),
    );
  });

  it('acknowledges wildcard resources only on the roles of SNS SMS, the SMS settings, the workflow and the menu provider', () => {
    const wildcardRoles = (nag?.suppressedViolations ?? [])
      .filter((violation) => violation.ruleName.startsWith('AwsSolutions-IAM5'))
      .flatMap((violation) => violation.violatingConstructs.map((construct) => construct.constructPath))
      .map((path) => path.split('/').slice(1, -2).join('/'))
      .sort();
    const smsSenders = (Object.keys(HANDLERS) as HandlerName[])
      .filter((name) => HANDLERS[name].snsPublish)
      .map((name) => `${pascal(name)}/Role`);
    expect(smsSenders.length).toBeGreaterThan(0);
    // CDK's provider framework invokes the menu handler and its versions (`<arn>:*`), in a stage that publishes the menu.
    const menuProvider = STAGES[stage].officialAccount.publishMenu ? ['WechatMenu/ProviderRole'] : [];
    // SNS SMS only where SNS sends them: the sandbox writes them to its outbox, china sends through Alibaba Cloud.
    const sns = synthStage(stage).config.sms.gateway === 'sns';
    expect(wildcardRoles).toEqual(
      [...(sns ? [...smsSenders, 'SmsSettings/Role'] : []), 'LookupWorkflow/Role', ...menuProvider].sort(),
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
