import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createApp } from '../src/app.ts';
import type { StageName } from '../src/stages.ts';

/**
 * How long `cdk synth` takes and how large its output is: the CLI as maintainers run it, the app
 * in-process with and without bundling, and per stack the template size against CloudFormation's
 * limits (51 200 bytes inline, 1 MB from S3 — the CDK CLI uploads large templates to S3).
 */
const cdkDir = join(import.meta.dirname, '..');
const runs = Number(process.env.OCC_BENCH_RUNS ?? 3);

function timed<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function synthInProcess(stage: StageName, bundle: boolean): string {
  const outdir = mkdtempSync(join(tmpdir(), 'occ-synth-'));
  process.env.CDK_OUTDIR = outdir;
  const context: Record<string, unknown> = { stage };
  if (!bundle) context['aws:cdk:bundling-stacks'] = [];
  createApp(context).synth();
  return outdir;
}

const rows: [string, string][] = [];

// The templates and bundles below are read from this output: what a maintainer finds in cdk.out.
const cliOut = mkdtempSync(join(tmpdir(), 'occ-cli-'));
const cli = timed(() =>
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', cliOut], {
    cwd: cdkDir,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    stdio: 'pipe',
  }),
);
rows.push(['npm run synth (CLI, dev, every function bundled, cdk-nag)', `${(cli.ms / 1000).toFixed(1)} s`]);

const bundled = timed(() => synthInProcess('dev', true));
rows.push(['in-process synth, dev, with bundling', `${(bundled.ms / 1000).toFixed(1)} s`]);

const unbundled: number[] = [];
let lastOutdir = '';
for (let i = 0; i < runs; i++) {
  const run = timed(() => synthInProcess('prod', false));
  unbundled.push(run.ms);
  if (lastOutdir) rmSync(lastOutdir, { recursive: true, force: true });
  lastOutdir = run.value;
}
rows.push([
  `in-process synth, prod, bundling skipped (median of ${runs})`,
  `${(median(unbundled) / 1000).toFixed(2)} s`,
]);

for (const file of readdirSync(cliOut).filter((name) => name.endsWith('.template.json'))) {
  const text = readFileSync(join(cliOut, file), 'utf8');
  const resources = Object.keys((JSON.parse(text) as { Resources: object }).Resources).length;
  const kib = (statSync(join(cliOut, file)).size / 1024).toFixed(1);
  const gz = (gzipSync(text).length / 1024).toFixed(1);
  rows.push([
    `${file} (dev)`,
    `${kib} KiB (${gz} KiB gz), ${resources} resources, ${((100 * text.length) / 1_048_576).toFixed(1)}% of 1 MB`,
  ]);
}
const assetBytes = readdirSync(cliOut)
  .filter((name) => name.startsWith('asset.'))
  .flatMap((dir) =>
    readdirSync(join(cliOut, dir))
      .filter((file) => file === 'index.mjs')
      .map((file) => statSync(join(cliOut, dir, file)).size),
  );
rows.push([
  `function bundles (${assetBytes.length}, index.mjs)`,
  `${(assetBytes.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KiB total, largest ${(Math.max(...assetBytes) / 1024).toFixed(0)} KiB`,
]);
rmSync(bundled.value, { recursive: true, force: true });
rmSync(cliOut, { recursive: true, force: true });
rmSync(lastOutdir, { recursive: true, force: true });

const width = Math.max(...rows.map(([label]) => label.length));
console.log('CDK synth');
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
