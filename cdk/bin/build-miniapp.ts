import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type PlatformBuildPlan,
  type PlatformTarget,
  platformBuildPlan,
  standInWarning,
} from '../src/platform-build.ts';
import { stageFromContext } from '../src/stages.ts';

const USAGE = `Builds the mini-program of a stage (cdk/src/stages.ts) for submission to WeChat or Alipay.

  npm run build:stage -- --stage NAME --target weapp|alipay

The build calls the stage's HTTPS domain and carries its appid; it goes to
miniapp/dist/stages/NAME/TARGET. A stage without a domain, or with a base URL or appid the platform
would refuse, fails before anything is built. (npm run build -w @occ/miniapp makes the local builds.)`;

const MINIAPP = join(import.meta.dirname, '..', '..', 'miniapp');

function taroBuild(plan: PlatformBuildPlan, stage: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['taro', 'build', '--type', plan.target], {
      cwd: MINIAPP,
      stdio: 'inherit',
      env: {
        ...process.env,
        TARO_ENV: plan.target,
        NODE_ENV: 'production',
        OCC_BUILD_STAGE: stage,
        OCC_API_BASE_URL: plan.apiBaseUrl,
      },
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** WeChat's project file for the stage: its appid, request domains checked, JS, WXML and WXSS minified on upload. */
function writeWeappProjectConfig(plan: PlatformBuildPlan, stage: string): void {
  const file = join(MINIAPP, plan.outputRoot, 'project.config.json');
  const project = JSON.parse(readFileSync(file, 'utf8')) as { setting?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  project.appid = plan.appId;
  project.description = `One Card Check (一证通查), stage ${stage}: calls ${plan.apiBaseUrl}`;
  project.setting = {
    ...project.setting,
    urlCheck: true,
    minified: true,
    minifyWXML: true,
    minifyWXSS: true,
  };
  writeFileSync(file, `${JSON.stringify(project, null, 2)}\n`);
}

async function main(): Promise<number> {
  let args: { stage?: string; target?: string; help?: boolean };
  try {
    args = parseArgs({
      options: { stage: { type: 'string' }, target: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.stage || (args.target !== 'weapp' && args.target !== 'alipay')) {
    (args.help ? console.log : console.error)(USAGE);
    return args.help ? 0 : 2;
  }
  let plan: PlatformBuildPlan;
  try {
    plan = platformBuildPlan(stageFromContext(args.stage), args.target as PlatformTarget);
  } catch (error) {
    console.error(`No ${args.target} build: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.log(`Building ${plan.target} for stage ${args.stage}: API ${plan.apiBaseUrl}, appid ${plan.appId}`);
  const warning = standInWarning(plan, args.stage);
  if (warning) console.warn(warning);
  const code = await taroBuild(plan, args.stage);
  if (code !== 0) return code;
  if (plan.target === 'weapp') writeWeappProjectConfig(plan, args.stage);
  console.log(
    plan.target === 'weapp'
      ? `Done: miniapp/${plan.outputRoot} (open it in WeChat DevTools, or upload it with miniprogram-ci)`
      : `Done: miniapp/${plan.outputRoot} (open it in the Alipay IDE bound to appid ${plan.appId})`,
  );
  return 0;
}

process.exitCode = await main();
