import { WECHAT_API_BASE } from '@occ/functions/adapters/wechat/official-account-api.ts';
import type { MenuButton } from '@occ/functions/wechat/menu.ts';
import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { h5BaseUrl, publicBaseUrl, stageMenu } from '../src/official-account.ts';
import { STAGES } from '../src/stages.ts';
import { asList, type CfnResource, resourcesOfType, type Statement, synthStage } from './support/synth.ts';

/** The official account in the templates: the message route, the custom domain, the menu resource. */

describe.each([
  ['dev', false],
  ['prod', false],
  ['prod', true],
] as const)('the WeChat official account in the %s templates (publishMenu %s)', (stage, publishMenu) => {
  const {
    config,
    report,
    stateful,
    stateless,
    statelessTemplate: template,
  } = synthStage(stage, {
    publishMenu,
  });
  const json = JSON.stringify(template.toJSON());
  const idOf = (construct: { node: { defaultChild?: unknown } }, stack: Stack = stateless) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const environmentOf = (resource: CfnResource | undefined) =>
    (resource?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;

  it('routes GET and POST /v1/wechat/messages to the message function', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties?.RouteKey,
    );
    expect(routes).toEqual(expect.arrayContaining(['GET /v1/wechat/messages', 'POST /v1/wechat/messages']));
    const fn = resourcesOfType(template, 'AWS::Lambda::Function').find(
      ([id]) => id === idOf(stateless.functions['wechat-messages'].function),
    )?.[1];
    const env = environmentOf(fn) ?? {};
    expect(JSON.stringify(env.OCC_WECHAT_MESSAGE_TOKEN_SECRET_ARN)).toContain(
      idOf(stateful.secrets.wechatMessageToken, stateful),
    );
    expect(env.OCC_PUBLIC_BASE_URL).toBe(config.domain ? h5BaseUrl(config) : '');
  });

  it('holds no secret value anywhere: secrets are named by ARN and read at run time', () => {
    expect(json).not.toContain('{{resolve:secretsmanager');
    expect(json).not.toContain('SecretString');
  });

  if (stage === 'dev') {
    it('has no custom domain and publishes no menu (the stage has no domain)', () => {
      expect(resourcesOfType(template, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
      expect(resourcesOfType(template, 'Custom::WechatMenu')).toEqual([]);
    });
    return;
  }

  if (!publishMenu) {
    it('publishes no menu on deploy as configured: WeChat takes menu/create only from a whitelisted address', () => {
      expect(STAGES[stage].officialAccount.publishMenu).toBe(false);
      expect(resourcesOfType(template, 'Custom::WechatMenu')).toEqual([]);
      expect(stateless.wechatMenu).toBeUndefined();
    });
  } else {
    it('synthesizes the menu publisher with every cdk-nag finding acknowledged', () => {
      const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
      expect(nag?.violations).toEqual([]);
      expect(nag?.suppressedViolations?.map((violation) => violation.ruleName)).toContain(
        'AwsSolutions-IAM5[Resource::<WechatMenuFunction8D2E5FCF.Arn>:*]',
      );
    });
  }

  const domainConstruct = () => {
    const domain = stateless.node.findChild('ApiDomain');
    return domain as unknown as { node: { defaultChild?: unknown } };
  };

  it("serves the API on the stage's domain with its certificate, TLS 1.2", () => {
    const [[, domain] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::DomainName');
    expect(domain?.Properties).toMatchObject({
      DomainName: config.domain?.name,
      DomainNameConfigurations: [
        {
          CertificateArn: config.domain?.certificateArn,
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        },
      ],
    });
    const [[, mapping] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping?.Properties?.ApiId).toEqual({ Ref: idOf(stateless.api) });
    expect(mapping?.Properties?.Stage).toBe('$default');
    expect(JSON.stringify(mapping?.Properties?.DomainName)).toContain(idOf(domainConstruct()));
  });

  if (!publishMenu) return;

  it("publishes the stage's menu on deploy, naming the secret by ARN and never its value", () => {
    const menus = resourcesOfType(template, 'Custom::WechatMenu');
    expect(menus).toHaveLength(1);
    const properties = menus[0]?.[1].Properties ?? {};
    expect(JSON.parse(String(properties.Menu))).toEqual(stageMenu(config));
    expect(properties.ApiBase).toBe(WECHAT_API_BASE);
    expect(JSON.stringify(properties.OfficialAccountSecretArn)).toContain(
      idOf(stateful.officialAccountSecret, stateful),
    );
    expect(Object.keys(properties).sort()).toEqual([
      'ApiBase',
      'Menu',
      'OfficialAccountSecretArn',
      'ServiceToken',
    ]);
  });

  it('lets the menu function read that one secret at run time, and gives it no environment', () => {
    const menu = stateless.wechatMenu;
    if (!menu) throw new Error('no menu construct');
    const fn = resourcesOfType(template, 'AWS::Lambda::Function').find(
      ([id]) => id === idOf(menu.function),
    )?.[1];
    expect(environmentOf(fn)).toBeUndefined();
    const roleId = idOf(menu.function.role as never);
    const statements = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(roleId))
      .flatMap(
        ([, policy]) =>
          (policy.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [],
      );
    const reads = statements.filter((statement) =>
      asList(statement.Action).includes('secretsmanager:GetSecretValue'),
    );
    expect(reads).toHaveLength(1);
    expect(asList(reads[0]?.Resource)).toHaveLength(1);
    expect(JSON.stringify(reads[0]?.Resource)).toContain(idOf(stateful.officialAccountSecret, stateful));
    const actions = statements.flatMap((statement) => asList(statement.Action)).sort();
    expect(actions).toEqual([
      'kms:Decrypt',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
    ]);
  });
});

describe("the official account's links to the H5 app", () => {
  const urlsOf = (buttons: MenuButton[]): string[] =>
    buttons.flatMap((button) => [...(button.url ? [button.url] : []), ...urlsOf(button.sub_button ?? [])]);

  it.each(['prod', 'china'] as const)(
    'point in %s at the H5 host, not at the domain that serves only the API',
    (stage) => {
      const config = STAGES[stage];
      const urls = urlsOf(stageMenu(config).button);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url.startsWith(`${config.h5Origin}/#/`)).toBe(true);
      expect(config.h5Origin).not.toBe(publicBaseUrl(config));
      expect(config.api.allowedOrigins).toContain(config.h5Origin);
    },
  );

  it('fall back to the domain when the stage names no H5 host', () => {
    const config = { ...STAGES.prod, h5Origin: undefined };
    expect(h5BaseUrl(config)).toBe(publicBaseUrl(config));
  });
});
