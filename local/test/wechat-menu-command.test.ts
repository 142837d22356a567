import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stageMenu } from '@occ/cdk/official-account.ts';
import { STAGES } from '@occ/cdk/stages.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { start } from './support.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run wechat:menu -- …` as an operator runs it, with the official account's credentials in the environment. */
function publishCommand(
  args: string[],
  credentials: { appId: string; secret: string },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'wechat:menu', '--', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          OCC_OFFICIAL_ACCOUNT_APP_ID: credentials.appId,
          OCC_OFFICIAL_ACCOUNT_SECRET: credentials.secret,
        },
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe('npm run wechat:menu against the simulated WeChat API', () => {
  let service: RunningService;
  const menuNow = async () =>
    (await (await fetch(`${service.baseUrl}/_local/wechat/menu`)).json()) as unknown;

  beforeAll(async () => {
    service = await start();
  });
  afterAll(() => service?.close());

  it('exits 1 on a wrong secret with the errcode in its message and nothing secret in its output', async () => {
    const { appId, secret } = service.officialAccountCredentials();
    const wrong = `${secret.slice(0, 20)}-wrong-secret`;
    const before = await menuNow();

    const { code, output } = await publishCommand(
      ['--stage', 'prod', '--api-base', `${service.baseUrl}/_local/wechat`],
      { appId, secret: wrong },
    );

    expect(code).toBe(1);
    expect(output).toContain(
      'Could not publish the menu: WeChat stable_token failed: errcode 40125 (invalid appsecret)',
    );
    expect(output).not.toContain(wrong);
    expect(output).not.toContain(secret);
    expect(await menuNow()).toEqual(before);
  });

  it("exits 0 with the right secret, and the stage's menu is set", async () => {
    const credentials = service.officialAccountCredentials();

    const { code, output } = await publishCommand(
      ['--stage', 'prod', '--api-base', `${service.baseUrl}/_local/wechat`],
      credentials,
    );

    expect(code, output).toBe(0);
    expect(output).toContain(
      `Published the prod menu to official account ${credentials.appId}: 政务服务 → 一证通查, 使用说明`,
    );
    expect(output).not.toContain(credentials.secret);
    expect(await menuNow()).toEqual({ menu: stageMenu(STAGES.prod) });
  });

  it('exits 1 for a stage without a domain, saying why', async () => {
    const { code, output } = await publishCommand(
      ['--stage', 'dev', '--api-base', `${service.baseUrl}/_local/wechat`],
      service.officialAccountCredentials(),
    );

    expect(code).toBe(1);
    expect(output).toContain('stage dev has no domain');
  });
});
