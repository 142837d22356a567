import { isIP } from 'node:net';
import { publicBaseUrl } from './official-account.ts';
import { isStandIn } from './preflight/checks.ts';
import type { StageConfig } from './stages.ts';

export type PlatformTarget = 'weapp' | 'alipay';

/** What a platform build of a stage is made with. */
export interface PlatformBuildPlan {
  target: PlatformTarget;
  /** The stage's HTTPS origin, which the build calls (`/v1/...`). */
  apiBaseUrl: string;
  /** The stage's mini-program appid on the target platform. */
  appId: string;
  /** Where the build goes, relative to `miniapp/`. */
  outputRoot: string;
}

/** Mini-program appids as the platforms issue them: WeChat `wx` + 16 lowercase hex digits, Alipay 16 digits. */
const APP_ID: Record<PlatformTarget, RegExp> = { weapp: /^wx[0-9a-f]{16}$/, alipay: /^\d{16}$/ };

/**
 * Why a mini-program may not call `url`, or `undefined` when it may. WeChat and Alipay request only
 * HTTPS domains on the mini-program's whitelist (WeChat: 服务器域名, ICP-filed; Alipay: 服务器域名白名单),
 * and neither whitelists an IP address or localhost.
 */
export function platformBaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'https:')
    return `${url} is not HTTPS: WeChat and Alipay call only https:// domains`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return `${url} is an IP address: WeChat and Alipay whitelist domains only`;
  if (host === 'localhost' || host.endsWith('.localhost'))
    return `${url} is localhost: a phone cannot reach it, and neither platform whitelists it`;
  if (!host.includes('.')) return `${url} has no public domain name`;
  return undefined;
}

/**
 * The plan of a weapp or alipay build for a stage: its HTTPS origin and appid, checked. Throws an
 * error that says why a stage cannot have a platform build (no domain, a base URL the platforms
 * refuse, an appid in the wrong format).
 */
export function platformBuildPlan(config: StageConfig, target: PlatformTarget): PlatformBuildPlan {
  const apiBaseUrl = publicBaseUrl(config);
  const problem = platformBaseUrlProblem(apiBaseUrl);
  if (problem) throw new Error(`stage ${config.stage} cannot have a ${target} build: ${problem}`);
  const appId = target === 'weapp' ? config.login.wechatAppId : config.login.alipayAppId;
  if (!APP_ID[target].test(appId)) {
    throw new Error(
      `stage ${config.stage} cannot have a ${target} build: its ${target === 'weapp' ? 'WeChat' : 'Alipay'} appid "${appId}" is not one the platform issues (${APP_ID[target].source})`,
    );
  }
  return { target, apiBaseUrl, appId, outputRoot: `dist/stages/${config.stage}/${target}` };
}

/**
 * A warning line when the build would carry the repository's stand-ins (an `.example` domain, an
 * appid of zeros): such a build runs in the developer tools but no platform accepts it. `undefined`
 * when the domain and appid are real ones.
 */
export function standInWarning(plan: PlatformBuildPlan, stage: string): string | undefined {
  const standIns = [
    ...(isStandIn(plan.apiBaseUrl) ? [`API ${plan.apiBaseUrl}`] : []),
    ...(isStandIn(plan.appId) ? [`appid ${plan.appId}`] : []),
  ];
  if (standIns.length === 0) return undefined;
  return `WARNING: stage ${stage} still has stand-ins from cdk/src/stages.ts (${standIns.join(', ')}): this build cannot be submitted; put the stage's real domain and appid there first (docs/deploy.md §1 for the configuration, §9 for the domain)`;
}
