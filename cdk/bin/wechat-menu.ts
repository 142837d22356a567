import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  WECHAT_API_BASE,
  wechatOfficialAccountApi,
} from '@occ/functions/adapters/wechat/official-account-api.ts';
import { parseOfficialAccountSecret } from '@occ/functions/adapters/wechat/official-account-secret.ts';
import type { OfficialAccountCredentials } from '@occ/functions/ports/official-account-api.ts';
import { publishMenu } from '@occ/functions/use-cases/publish-menu.ts';
import { stageMenu } from '../src/official-account.ts';
import { stageFromContext } from '../src/stages.ts';

const USAGE = `Publishes the official account's menu of a stage (cdk/src/stages.ts) to WeChat.

  npm run wechat:menu -- --stage NAME [--api-base URL]

The AppID and AppSecret come from OCC_OFFICIAL_ACCOUNT_APP_ID and OCC_OFFICIAL_ACCOUNT_SECRET when
both are set, else from the stage's Secrets Manager secret (JSON {"appId", "secret"}), read with the
credentials of the AWS CLI. --api-base replaces ${WECHAT_API_BASE} (e.g. the simulated WeChat API of
npm start, http://127.0.0.1:3000/_local/wechat). Neither the secret nor the token is ever printed.`;

async function credentialsFor(secretName: string, region: string): Promise<OfficialAccountCredentials> {
  const appId = process.env.OCC_OFFICIAL_ACCOUNT_APP_ID;
  const secret = process.env.OCC_OFFICIAL_ACCOUNT_SECRET;
  if (appId && secret) return { appId, secret };
  const client = new SecretsManagerClient({ region });
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
    return parseOfficialAccountSecret(answer.SecretString ?? '');
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('the official-account secret')) throw error;
    throw new Error(
      `could not read the secret ${secretName} in ${region} (${error instanceof Error ? error.name : 'unknown error'}); set OCC_OFFICIAL_ACCOUNT_APP_ID and OCC_OFFICIAL_ACCOUNT_SECRET or sign in to AWS`,
    );
  } finally {
    client.destroy();
  }
}

async function main(): Promise<number> {
  let args: { stage?: string; 'api-base'?: string; help?: boolean };
  try {
    args = parseArgs({
      options: { stage: { type: 'string' }, 'api-base': { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.stage) {
    (args.help ? console.log : console.error)(USAGE);
    return args.help ? 0 : 2;
  }
  let hidden = '';
  try {
    const config = stageFromContext(args.stage);
    const menu = stageMenu(config);
    const credentials = await credentialsFor(config.officialAccount.secretName, config.region);
    hidden = credentials.secret;
    await publishMenu(
      { api: wechatOfficialAccountApi(args['api-base'] ? { apiBase: args['api-base'] } : {}) },
      { credentials, menu },
    );
    const names = menu.button.map(
      (button) => `${button.name} → ${(button.sub_button ?? []).map((sub) => sub.name).join(', ')}`,
    );
    console.log(
      `Published the ${config.stage} menu to official account ${credentials.appId}: ${names.join('; ')}`,
    );
    return 0;
  } catch (error) {
    // The errors here are written to be shown (WeChat's errcode and errmsg, a broken menu rule, a
    // missing stage or secret); the secret is cut out all the same, should any text ever echo it.
    const message = error instanceof Error ? error.message : 'unknown failure';
    console.error(`Could not publish the menu: ${hidden ? message.split(hidden).join('***') : message}`);
    return 1;
  }
}

process.exitCode = await main();
