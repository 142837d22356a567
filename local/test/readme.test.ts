import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCENARIO_FILE, type RunningService, type Scenario, startService } from '../src/index.ts';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LOCAL_README = join(REPO, 'local', 'README.md');

/** Every README.md of the repository (not of its dependencies). */
function readmes(folder = REPO): string[] {
  return readdirSync(folder).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'cdk.out') return [];
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return readmes(path);
    return name === 'README.md' ? [path] : [];
  });
}

/** The shell blocks of a Markdown file. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

describe('the READMEs', () => {
  it.each(readmes().map((path) => [relative(REPO, path), path]))(
    '%s has no <placeholder> in a shell line (the shell reads it as a redirect)',
    (_, path) => {
      const lines = shellBlocks(readFileSync(path, 'utf8'))
        .flatMap((block) => block.split('\n'))
        .filter((line) => !line.trimStart().startsWith('#'));
      expect(lines.filter((line) => /<[A-Za-z][\w-]*>/.test(line))).toEqual([]);
    },
  );

  it('says what the demo scenario holds for 13800138000', () => {
    const demo = JSON.parse(readFileSync(DEMO_SCENARIO_FILE, 'utf8')) as Scenario;
    const table = [...readFileSync(LOCAL_README, 'utf8').matchAll(/^ {2}\| (\w+) +\| (\d+) +\|$/gm)];
    const said = Object.fromEntries(table.map(([, company, count]) => [company, Number(count)]));
    const actual = Object.fromEntries(
      Object.entries(demo.companies).map(([company, behaviour]) => [
        company,
        behaviour.accounts?.['13800138000'] ?? 0,
      ]),
    );
    expect(said).toEqual(actual);
    expect(demo.companies.alipay).toMatchObject({ mode: 'async', latencyMs: 1500 });
  });
});

describe('the curl walk-through of local/README.md', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ port: 0, dataDir: ':memory:', quiet: true });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('runs as written against the demo scenario and ends with the reply SMS', async () => {
    const walk = shellBlocks(readFileSync(LOCAL_README, 'utf8')).find((block) => block.includes('B=${B:-'));
    expect(walk, 'the walk-through block').toBeDefined();
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', walk ?? ''], {
      env: { ...process.env, B: service.baseUrl },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    const view = JSON.parse(lines.at(-2) ?? '{}') as {
      status: string;
      companies: { id: string; count: number }[];
    };
    expect(view.status).toBe('COMPLETED');
    const demo = JSON.parse(readFileSync(DEMO_SCENARIO_FILE, 'utf8')) as Scenario;
    for (const company of view.companies) {
      expect(company.count, company.id).toBe(demo.companies[company.id]?.accounts?.['13800138000'] ?? 0);
    }
    expect(lines.at(-1)).toMatch(/^【一证通查】尾号8000/);
  });
});
