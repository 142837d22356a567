import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handler } from '@occ/cdk/custom-resources/publish-wechat-menu.ts';
import { stageMenu } from '@occ/cdk/official-account.ts';
import { STAGES } from '@occ/cdk/stages.ts';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { start } from './support.ts';

/**
 * The deploy-time menu publisher (`Custom::WechatMenu`) against the simulated WeChat API. Secrets
 * Manager is the one part with no local stand-in, so its answer is mocked.
 */

const SECRET_ARN =
  'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:occ/prod/wechat-official-account';
const secrets = mockClient(SecretsManagerClient);

describe('the Custom::WechatMenu handler', () => {
  let service: RunningService;
  const menuNow = async () =>
    (await (await fetch(`${service.baseUrl}/_local/wechat/menu`)).json()) as unknown;
  const event = (type: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent =>
    ({
      RequestType: type,
      ServiceToken: 'arn:aws:lambda:ap-southeast-1:111122223333:function:provider',
      ResponseURL: 'https://cloudformation-custom-resource-response.example/',
      StackId: 'arn:aws:cloudformation:ap-southeast-1:111122223333:stack/OccProd-Stateless/0',
      RequestId: 'request-1',
      LogicalResourceId: 'WechatMenu',
      ResourceType: 'Custom::WechatMenu',
      ...(type === 'Create'
        ? {}
        : { PhysicalResourceId: `wechat-menu-${service.officialAccountCredentials().appId}` }),
      ...(type === 'Update' ? { OldResourceProperties: {} } : {}),
      ResourceProperties: {
        ServiceToken: 'arn:aws:lambda:ap-southeast-1:111122223333:function:provider',
        Menu: JSON.stringify(stageMenu(STAGES.prod)),
        OfficialAccountSecretArn: SECRET_ARN,
        ApiBase: `${service.baseUrl}/_local/wechat`,
      },
    }) as CloudFormationCustomResourceEvent;
  const secretIs = (value: { appId: string; secret: string }) =>
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .resolves({ SecretString: JSON.stringify(value) });

  beforeAll(async () => {
    service = await start();
  });
  beforeEach(() => secrets.reset());
  afterAll(async () => {
    secrets.restore();
    await service?.close();
  });

  it("publishes the stage's menu on create, reading the secret at run time", async () => {
    secretIs(service.officialAccountCredentials());

    const answer = await handler(event('Create'));

    expect(answer.PhysicalResourceId).toBe(`wechat-menu-${service.officialAccountCredentials().appId}`);
    expect(await menuNow()).toEqual({ menu: stageMenu(STAGES.prod) });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('publishes again on update, under the same physical id (idempotent)', async () => {
    secretIs(service.officialAccountCredentials());
    const first = await handler(event('Update'));
    const again = await handler(event('Update'));
    expect(again.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(await menuNow()).toEqual({ menu: stageMenu(STAGES.prod) });
  });

  it('fails with WeChat’s errcode and errmsg, and nothing secret, when the secret is wrong', async () => {
    const { appId, secret } = service.officialAccountCredentials();
    const wrong = `${secret}-rotated`;
    secretIs({ appId, secret: wrong });

    const error = await handler(event('Update')).catch((caught: Error) => caught);

    expect((error as Error).message).toBe('WeChat stable_token failed: errcode 40125 (invalid appsecret)');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(wrong);
  });

  it('says what is wrong with a secret that is not the expected JSON, without showing it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'plain-text-secret-value' });
    const error = await handler(event('Create')).catch((caught: Error) => caught);
    expect((error as Error).message).toContain('must be JSON {"appId": "wx…", "secret": "…"}');
    expect((error as Error).message).not.toContain('plain-text-secret-value');
  });

  it('leaves the menu as it is on delete, without reading the secret', async () => {
    const before = await menuNow();
    const answer = await handler(event('Delete'));
    expect(answer.PhysicalResourceId).toBe(`wechat-menu-${service.officialAccountCredentials().appId}`);
    expect(await menuNow()).toEqual(before);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
