import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build } from 'esbuild';
import { bundlingFor } from '../cdk/src/constructs/occ-function.ts';
import { HANDLERS } from '../functions/src/catalogue.ts';
import type { BenchRow, SectionResult } from './lib/types.ts';

const root = join(import.meta.dirname, '..');
// Inside node_modules so that the externals (@aws-sdk/*, provided by the Lambda runtime) resolve.
const outRoot = join(root, 'node_modules', '.cache', 'occ-bench', 'bundles');

/** The global stages' bundling (SMS through SNS); the China stage adds the Alibaba Cloud SDK. */
const BUNDLING = bundlingFor({ sms: { gateway: 'sns' } });

/**
 * The esbuild options the CDK stack's NodejsFunction passes, derived from its own bundling so the
 * two cannot drift: one ESM file per handler for nodejs22.x on arm64, minified, AWS SDK included.
 */
export const LAMBDA_BUNDLING: BuildOptions = {
  bundle: true,
  platform: (BUNDLING.platform as BuildOptions['platform']) ?? 'node',
  target: BUNDLING.target ?? 'node22',
  format: BUNDLING.format === OutputFormat.CJS ? 'cjs' : 'esm',
  minify: BUNDLING.minify ?? false,
  sourcemap: BUNDLING.sourceMap ?? false,
  sourcesContent: BUNDLING.sourcesContent ?? true,
  external: BUNDLING.externalModules ?? ['@aws-sdk/*'],
  ...(BUNDLING.mainFields ? { mainFields: BUNDLING.mainFields } : {}),
  ...(BUNDLING.banner ? { banner: { js: BUNDLING.banner } } : {}),
  ...(BUNDLING.tsconfig ? { tsconfig: BUNDLING.tsconfig } : {}),
  logLevel: 'silent',
};

/** Bundles every handler in the catalogue and times a cold `import()` of each in a fresh node process. */
export async function measureBundles(options: { imports: number }): Promise<SectionResult> {
  rmSync(outRoot, { recursive: true, force: true });
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(HANDLERS)) {
    const outfile = join(outRoot, name, 'index.mjs');
    mkdirSync(join(outRoot, name), { recursive: true });
    await build({ ...LAMBDA_BUNDLING, entryPoints: [join(root, 'functions', spec.entry)], outfile });
    const bytes = statSync(outfile).size;
    const gzipBytes = gzipSync(readFileSync(outfile)).length;
    const samples = Array.from({ length: options.imports }, () => coldImportMs(outfile));
    const importMs = median(samples);
    details[name] = { bytes, gzipBytes, importMs, samples };
    rows.push({
      section: 'Lambda bundles',
      measure: `${name}: size / cold import`,
      value: `${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gz) / ${importMs.toFixed(1)} ms`,
      unit: '',
    });
  }
  // The floor: importing an empty ES module in the same kind of fresh process.
  const emptyFile = join(outRoot, 'empty.mjs');
  writeFileSync(emptyFile, 'export const handler = async () => ({});\n');
  const floorMs = median(Array.from({ length: options.imports }, () => coldImportMs(emptyFile)));
  details.emptyModuleImportMs = floorMs;
  for (const row of rows) {
    const name = row.measure.split(':')[0] ?? '';
    const importMs = (details[name] as { importMs: number }).importMs;
    row.baseline = { label: 'empty module', value: Number(floorMs.toFixed(1)), unit: 'ms' };
    row.ratio = importMs / floorMs;
  }
  return { rows, details };
}

/** Time of `await import(bundle)` inside a fresh node process, in milliseconds (node's own start excluded). */
function coldImportMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' },
    encoding: 'utf8',
  });
  return Number(out);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
