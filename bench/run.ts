import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { measureBundles } from './bundles.ts';
import { measureCapacity } from './capacity.ts';
import { installMeter } from './lib/meter.ts';
import { renderMarkdownTable, renderTable } from './lib/table.ts';
import type { BenchRow, SectionResult } from './lib/types.ts';
import { describeMachine } from './machine.ts';
import { measureMiniappSizes } from './miniapp-sizes.ts';
import { PRICES } from './prices.ts';
import { measureCost, measureFanout, measureFuzz, measureThroughput, type QueryCost } from './service.ts';

/**
 * `npm run bench`: every figure the project tracks, each beside a baseline measured in the same
 * run. Prints one table, writes bench/results.json and refreshes the figures in bench/README.md.
 * OCC_BENCH_QUICK=1 runs smaller samples (for a quick look, not for the README).
 * `npm run bench -- cost throughput` runs only the sections named (and leaves the README alone).
 */
const quick = process.env.OCC_BENCH_QUICK === '1';
const here = import.meta.dirname;

const allSections: [string, () => Promise<SectionResult> | SectionResult][] = [
  ['throughput', () => measureThroughput({ concurrency: 16, requests: quick ? 200 : 600 })],
  ['fanout', () => measureFanout({ queries: quick ? 3 : 10 })],
  ['cost', () => measureCost({ queries: quick ? 3 : 10 })],
  // From the cost section's per-query counts of this run (or of the last full run when it did not run).
  ['capacity', () => measureCapacity(perQueryCost())],
  ['fuzz', () => measureFuzz({ batches: quick ? 200 : 1_000, batchSize: 10 })],
  ['bundles', () => measureBundles({ imports: quick ? 3 : 7 })],
  ['miniapp', () => measureMiniappSizes()],
];
function perQueryCost(): QueryCost | undefined {
  const fromRun = (details.cost as { perQuery?: QueryCost } | undefined)?.perQuery;
  if (fromRun) return fromRun;
  const recorded = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8')) as {
    details?: { cost?: { perQuery?: QueryCost } };
  };
  return recorded.details?.cost?.perQuery;
}

const named = process.argv.slice(2);
const unknown = named.filter((name) => !allSections.some(([section]) => section === name));
if (unknown.length > 0) {
  throw new Error(
    `unknown bench section ${unknown.join(', ')}; the sections: ${allSections.map(([n]) => n).join(', ')}`,
  );
}
const sections = named.length === 0 ? allSections : allSections.filter(([name]) => named.includes(name));
const partial = sections.length < allSections.length;

// The meter wraps the handlers and the workflow runner before any service starts.
installMeter();
const machine = describeMachine();
const rows: BenchRow[] = [];
const details: Record<string, unknown> = {};
let failed = false;
for (const [name, measure] of sections) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const result = await measure();
    rows.push(...result.rows);
    details[name] = result.details;
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ section: name, measure: 'did not run', value: message.slice(0, 120), unit: '' });
    details[name] = { error: message };
  }
}
if (rows.some((row) => row.ok === false)) failed = true;

const table = renderTable(rows);
process.stdout.write(`${table}\n\nmachine: ${JSON.stringify(machine)}\nprices: ${PRICES.source}\n`);

// A run of some sections keeps its figures out of the repository, not over the whole run's.
const resultsPath = partial
  ? join(here, '..', 'node_modules', '.cache', 'occ-bench', 'results.partial.json')
  : join(here, 'results.json');
mkdirSync(dirname(resultsPath), { recursive: true });
writeFileSync(resultsPath, `${JSON.stringify({ machine, quick, prices: PRICES, rows, details }, null, 2)}\n`);

if (!quick && !partial) {
  const readmePath = join(here, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const figures = [
    '<!-- figures:start -->',
    `Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.nproc} × ${machine.cpu}, ${machine.memoryGiB} GiB memory, Node ${machine.node} (${machine.platform}).`,
    '',
    renderMarkdownTable(rows),
    '<!-- figures:end -->',
  ].join('\n');
  writeFileSync(readmePath, readme.replace(/<!-- figures:start -->[\s\S]*<!-- figures:end -->/, figures));
  // Leave the page as the repository's formatter would, so `npm run lint` stays clean after a run.
  try {
    execFileSync(join(here, '..', 'node_modules', '.bin', 'biome'), ['format', '--write', readmePath], {
      stdio: 'ignore',
    });
  } catch {
    process.stderr.write('bench: could not format bench/README.md with biome\n');
  }
}
process.exitCode = failed ? 1 : 0;
