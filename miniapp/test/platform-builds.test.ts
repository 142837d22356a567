import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { h5BaseUrl, publicBaseUrl, stageMenu } from '@occ/cdk/official-account.ts';
import { STAGES } from '@occ/cdk/stages.ts';
import { ONE_CARD_CHECK_PAGE } from '@occ/functions/wechat/menu.ts';
import { menuViolations } from '@occ/functions/wechat/menu-rules.ts';
import { describe, expect, it } from 'vitest';
import { MINIAPP_DIR } from './support/build';

/** Builds for a stage (`npm run build:stage`) and the official-account menu, against what the weapp build really has. */

const ROOT = path.join(MINIAPP_DIR, '..');
const weappPages = () =>
  (
    JSON.parse(readFileSync(path.join(MINIAPP_DIR, 'dist', 'weapp', 'app.json'), 'utf8')) as {
      pages: string[];
    }
  ).pages;

function buildStage(stage: string, target: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'build:stage', '--', '--stage', stage, '--target', target],
      { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

function bundleText(folder: string): string {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(path.join(folder, file), 'utf8'))
    .join('\n');
}

describe('the official-account menu against the weapp build', () => {
  const withMenu = Object.values(STAGES).filter((config) => config.domain);

  it.each(withMenu.map((config) => [config.stage, config] as const))(
    'names only pages the weapp build has, for stage %s',
    (_, config) => {
      expect(menuViolations(stageMenu(config), { pages: weappPages() })).toEqual([]);
    },
  );

  it('opens the One Card Check page, the one where Internet accounts is chosen', () => {
    expect(weappPages()).toContain(ONE_CARD_CHECK_PAGE);
  });
});

describe('npm run build:stage', () => {
  it.each(['weapp', 'alipay'])(
    'refuses a %s build for a stage without an HTTPS domain, saying why',
    async (target) => {
      const { code, output } = await buildStage('dev', target);

      expect(code).toBe(1);
      expect(output).toContain(`No ${target} build: stage dev has no domain`);
      expect(output).toContain('accept only an HTTPS domain');
    },
  );

  it("builds weapp for prod with the stage's HTTPS origin and appid, request checks and minification on", async () => {
    const out = path.join(MINIAPP_DIR, 'dist', 'stages', 'prod', 'weapp');
    rmSync(out, { recursive: true, force: true });

    const { code, output } = await buildStage('prod', 'weapp');

    expect(code, output).toBe(0);
    const project = JSON.parse(readFileSync(path.join(out, 'project.config.json'), 'utf8')) as {
      appid: string;
      setting: Record<string, boolean>;
    };
    expect(project.appid).toBe(STAGES.prod.login.wechatAppId);
    expect(project.setting).toMatchObject({
      urlCheck: true,
      minified: true,
      minifyWXML: true,
      minifyWXSS: true,
    });
    const code_ = bundleText(out);
    expect(code_).toContain(publicBaseUrl(STAGES.prod));
    expect(code_).not.toContain('127.0.0.1');
    expect(existsSync(path.join(out, 'sitemap.json'))).toBe(true);
  });

  it("links the menu to the H5 app on the stage's H5 host, an allowed origin of the API the build calls", () => {
    const base = h5BaseUrl(STAGES.prod);
    expect(base).not.toBe(publicBaseUrl(STAGES.prod));
    expect(STAGES.prod.api.allowedOrigins).toContain(base);
    const urls = stageMenu(STAGES.prod).button.flatMap((button) =>
      (button.sub_button ?? []).map((sub) => sub.url),
    );
    for (const url of urls) expect(new URL(url ?? '').origin).toBe(base);
  });
});
