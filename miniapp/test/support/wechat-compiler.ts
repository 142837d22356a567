/**
 * Runs WeChat's own compiler (miniprogram-ci) on a weapp build, offline, in a process of its own:
 * miniprogram-ci keeps handles open and never exits by itself, so this script ends with
 * `process.exit()`. Usage: `node --import tsx wechat-compiler.ts <project> <result.json>`.
 *
 * Offline use (no WeChat server): a made-up appid, any RSA key, and project attributes from
 * `DefaultProjectAttr` instead of asking WeChat. It writes
 * `{ compiled: string[], error?: string, quality: ICheckResultItem[] }` to the result file.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ci from 'miniprogram-ci';

const [projectPath, resultFile] = process.argv.slice(2);
if (!projectPath || !resultFile) {
  console.error('usage: wechat-compiler.ts <project> <result.json>');
  process.exit(2);
}

const keyDir = mkdtempSync(join(tmpdir(), 'occ-mpci-'));
const keyPath = join(keyDir, 'upload.key');
writeFileSync(
  keyPath,
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }),
);

const project = new ci.Project({
  appid: 'wx0000000000000b22',
  type: 'miniProgram',
  projectPath,
  privateKeyPath: keyPath,
  ignores: ['node_modules/**/*'],
});
// Without this, miniprogram-ci first asks WeChat's servers for the project's attributes.
Object.assign(project, { attr: async () => ({ ...ci.DefaultProjectAttr }) });

async function run(): Promise<{ compiled: string[]; error?: string; quality: unknown[] }> {
  const result: { compiled: string[]; error?: string; quality: unknown[] } = { compiled: [], quality: [] };
  try {
    result.quality = await ci.checkCodeQuality(project);
    const compiled = await ci.getCompiledResult({
      project,
      version: '0.0.0',
      setting: { es6: false, minify: true, minifyJS: true, minifyWXML: true, minifyWXSS: true },
    });
    result.compiled = Object.keys(compiled).sort();
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

// The package is CommonJS (no top-level await): the work runs in a promise that ends the process.
void run().then((result) => {
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  rmSync(keyDir, { recursive: true, force: true });
  process.exit(0);
});
