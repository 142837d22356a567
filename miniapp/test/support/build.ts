import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MINIAPP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TARGETS = ['weapp', 'alipay', 'h5'] as const;
export type Target = (typeof TARGETS)[number];

const SOURCES = [
  'src',
  'config',
  'babel.config.js',
  'package.json',
  'project.config.json',
  'sitemap.json',
  '../shared/src',
];

/**
 * Builds each target whose output is older than its sources (or was built with another API base
 * URL). Tests always build with the default base URL: same origin for h5.
 */
export async function buildStaleTargets(log: (line: string) => void = () => undefined): Promise<Target[]> {
  const newestSource = Math.max(...SOURCES.map((source) => newestMtime(path.join(MINIAPP_DIR, source))));
  const stale = TARGETS.filter((target) => !isFresh(target, newestSource));
  await Promise.all(stale.map((target) => build(target, log)));
  return stale;
}

function stampPath(target: Target): string {
  return path.join(MINIAPP_DIR, 'dist', `.${target}.stamp.json`);
}

function isFresh(target: Target, newestSource: number): boolean {
  const stamp = stampPath(target);
  if (!existsSync(stamp)) return false;
  const { builtAtMs, apiBaseUrl } = JSON.parse(readFileSync(stamp, 'utf8')) as {
    builtAtMs: number;
    apiBaseUrl: string;
  };
  return (
    builtAtMs > newestSource && apiBaseUrl === 'default' && existsSync(path.join(MINIAPP_DIR, 'dist', target))
  );
}

async function build(target: Target, log: (line: string) => void): Promise<void> {
  const startedAtMs = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, TARO_ENV: target };
  delete env.OCC_API_BASE_URL;
  // Vitest sets NODE_ENV=test, which would give a development build (React refresh, no minifying).
  env.NODE_ENV = 'production';
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['taro', 'build', '--type', target], { cwd: MINIAPP_DIR, env });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0)
    throw new Error(`taro build --type ${target} failed (${code}):\n${output.join('').slice(-4000)}`);
  writeFileSync(stampPath(target), JSON.stringify({ builtAtMs: startedAtMs, apiBaseUrl: 'default' }));
  log(`built ${target} in ${Math.round((Date.now() - startedAtMs) / 1000)} s`);
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}
