import { afterEach, describe, expect, it } from 'vitest';
import type { SecretSource } from '../src/adapters/secrets/secret-source.ts';
import { DECLARATIONS, HANDLERS, type HandlerName, PORTS } from '../src/catalogue.ts';
import { type Dependencies, dependenciesOf, embed } from '../src/composition.ts';
import { environmentFor, SETTINGS, type SettingName, settingsReader } from '../src/config.ts';

/** A plausible value for every setting; a new setting needs one here (the type says so). */
const SAMPLE: Record<SettingName, string> = {
  stage: 'test',
  tableCodes: 'codes',
  tableCounters: 'counters',
  tableQueries: 'queries',
  tableLookups: 'lookups',
  queueUrl: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/occ-test-lookups',
  stateMachineArn: 'arn:aws:states:ap-southeast-1:111122223333:stateMachine:occ-test-lookup',
  callbackBaseUrl: 'https://api.example.test',
  partners: JSON.stringify([{ companyId: 'tencent', endpoint: 'https://partner.example.test' }]),
  carrierEndpoint: 'https://carrier.example.test',
  loginMode: 'simulated',
  wechatAppId: 'wx0000000000000000',
  alipayAppId: '2021000000000000',
  globalDailyCodeCap: '1000',
  queryRetentionDays: '30',
  asyncDeadlineSeconds: '600',
  publicBaseUrl: 'https://occ.example.test',
  pepperSecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:pepper',
  tokenKeySecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:token-key',
  phoneKeySecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:phone-key',
  carrierSecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:carrier',
  wechatSecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:wechat',
  alipayKeySecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:alipay',
  wechatMessageTokenSecretArn:
    'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:wechat-message-token',
  smsGateway: 'sns',
  smsGatewaySecretArn: 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:sms-gateway',
  smsGatewayOptions: JSON.stringify({
    signName: '一证通查',
    templates: {
      code: 'SMS_1',
      result: 'SMS_2',
      partial: 'SMS_3',
      unanswered: 'SMS_5',
      unsuccessful: 'SMS_4',
    },
  }),
  smsOutboxTable: 'outbox',
  sandboxScenario: JSON.stringify({ subscribers: [], companies: {} }),
};

const NAMES = Object.keys(HANDLERS) as HandlerName[];
const OURS = Object.values(SETTINGS).map((spec) => spec.env);
const saved = { ...process.env };

/** The process environment as a function's would be: exactly the variables its declaration derives. */
function environmentOf(name: HandlerName): void {
  for (const variable of OURS) delete process.env[variable];
  const values = Object.fromEntries(HANDLERS[name].settings.map((setting) => [setting, SAMPLE[setting]]));
  Object.assign(process.env, environmentFor(values), { AWS_REGION: 'ap-southeast-1' });
}

/** Secrets as Secrets Manager would answer, recording which were asked for. */
function recordingSecrets(asked: string[]): SecretSource {
  return {
    async get(secret) {
      asked.push(secret);
      return `${secret}-value`;
    },
    async partner(entry) {
      asked.push(`partner:${entry.companyId}`);
      return 'partner-value';
    },
  };
}

afterEach(() => {
  for (const variable of Object.keys(process.env)) if (!(variable in saved)) delete process.env[variable];
  Object.assign(process.env, saved);
  embed({});
});

describe('the handler declarations', () => {
  it.each(NAMES)('build the dependencies of %s from exactly the environment they derive', async (name) => {
    // Prepare: the function's environment as CDK sets it, nothing more.
    environmentOf(name);
    const asked: string[] = [];
    embed({ secrets: recordingSecrets(asked) });
    const declaration = DECLARATIONS[name] as { tables?: object; ports?: readonly string[] };

    // Act
    const deps = (await dependenciesOf(name)) as unknown as Record<string, unknown> & {
      settings: Record<string, unknown>;
    };
    const settings = Object.fromEntries(Object.keys(deps.settings).map((key) => [key, deps.settings[key]]));

    // Assess: exactly the declared tables and ports, every declared setting readable, only declared secrets.
    expect(Object.keys(deps).sort()).toEqual(
      [
        ...Object.keys(declaration.tables ?? {}),
        ...(declaration.ports ?? []),
        'settings',
        'clock',
        'logger',
      ].sort(),
    );
    for (const value of Object.values(settings)) expect(value).toBeDefined();
    const declaredSecrets = HANDLERS[name].secrets.filter((secret) => secret !== 'partners');
    for (const secret of asked) expect(declaredSecrets, `${name} asked for ${secret}`).toContain(secret);
  });

  it.each(NAMES)('give %s its stage, so that every log line names it', (name) => {
    expect(HANDLERS[name].env).toContain(SETTINGS.stage.env);
  });

  it('derive every port a port is built from, with what that port needs', () => {
    expect(PORTS.connector.ports).toContain('registry');
    expect(HANDLERS['call-company'].settings).toEqual(expect.arrayContaining(['partners', 'tableCounters']));
    expect(HANDLERS['call-company'].secrets).toContain('partners');
    expect(HANDLERS['call-company'].tables.counters).toBe('readwrite');
  });

  it('give a handler the tables its ports use besides its own', () => {
    // call-company does not name the counters itself; its connector writes them (the partner rate).
    expect(HANDLERS['call-company'].tables.counters).toBe('readwrite');
    expect(HANDLERS['request-code'].tables.counters).toBe('readwrite');
    expect(HANDLERS['submit-query'].tables).not.toHaveProperty('counters');
  });

  it('refuse, at run time, a setting the declaration does not give', () => {
    process.env[SETTINGS.partners.env] = SAMPLE.partners;
    const settings = settingsReader('get-health', ['stage']) as Record<string, unknown>;
    expect(() => settings.partners).toThrow(
      'configuration: get-health reads partners, which its declaration does not give it',
    );
  });

  it('refuse, at compile time, a table, port or setting the declaration does not give', async () => {
    environmentOf('get-health');
    const deps: Dependencies<'get-health'> = await dependenciesOf('get-health');
    // @ts-expect-error get-health declares no settings of its own
    expect(() => deps.settings.partners).toThrow(/does not give it/);
    // @ts-expect-error get-health declares no tables
    expect(deps.queries).toBeUndefined();
    // @ts-expect-error get-health declares no ports
    expect(deps.tokens).toBeUndefined();
  });
});
