import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { wechatOfficialAccountApi } from '@occ/functions/adapters/wechat/official-account-api.ts';
import { parseOfficialAccountSecret } from '@occ/functions/adapters/wechat/official-account-secret.ts';
import { publishMenu } from '@occ/functions/use-cases/publish-menu.ts';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** What the stack passes: the menu (WeChat's menu/create JSON), where the credentials are, and WeChat's API. */
export interface WechatMenuProperties {
  Menu: string;
  /** ARN of the secret `{"appId","secret"}`: the value is read here, at deploy time, never put in the template. */
  OfficialAccountSecretArn: string;
  ApiBase: string;
}

const secrets = new SecretsManagerClient({});

/**
 * The `Custom::WechatMenu` resource's event handler (CDK's provider framework answers CloudFormation):
 * on Create and Update it publishes the menu through the same use case as `npm run wechat:menu`;
 * `menu/create` replaces the whole menu, so an update (or a repeat) publishes the same menu again.
 * Delete leaves the account's menu as it is: removing it is an editorial decision, made in WeChat's
 * console. A failure is thrown with WeChat's errcode and errmsg, which CloudFormation shows as the reason.
 */
export async function handler(
  event: CloudFormationCustomResourceEvent,
): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const properties = event.ResourceProperties as unknown as WechatMenuProperties;
  let secretText: string;
  try {
    const answer = await secrets.send(
      new GetSecretValueCommand({ SecretId: properties.OfficialAccountSecretArn }),
    );
    secretText = answer.SecretString ?? '';
  } catch (error) {
    throw new Error(
      `could not read the official-account secret (${error instanceof Error ? error.name : 'unknown error'})`,
    );
  }
  const credentials = parseOfficialAccountSecret(secretText);
  await publishMenu(
    { api: wechatOfficialAccountApi({ apiBase: properties.ApiBase }) },
    { credentials, menu: JSON.parse(properties.Menu) },
  );
  return { PhysicalResourceId: `wechat-menu-${credentials.appId}`, Data: { AppId: credentials.appId } };
}
