import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEAPP_BUDGET_BYTES, weappMainPackageSize } from '../miniapp/bench/sizes.ts';
import type { BenchRow, SectionResult } from './lib/types.ts';

const root = join(import.meta.dirname, '..');
const TARGETS = ['weapp', 'alipay', 'h5'] as const;
const ENTRY: Record<(typeof TARGETS)[number], string> = {
  weapp: 'app.json',
  alipay: 'app.json',
  h5: 'index.html',
};
/** WeChat and Alipay refuse a main package over 2 MB. */
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

/** Sizes of the three mini-program builds, building a target first if its output is missing. */
export function measureMiniappSizes(): SectionResult {
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  for (const target of TARGETS) {
    const dir = join(root, 'miniapp', 'dist', target);
    // A build is there when its entry file is (a failed build can leave a partial folder).
    if (!existsSync(join(dir, ENTRY[target]))) {
      execFileSync('npm', ['run', `build:${target}`, '-w', '@occ/miniapp'], { cwd: root, stdio: 'ignore' });
    }
    const files = listFiles(dir);
    let bytes = 0;
    let gzipBytes = 0;
    const byExtension: Record<string, number> = {};
    for (const file of files) {
      const content = readFileSync(file);
      bytes += content.length;
      gzipBytes += gzipSync(content).length;
      const ext = file.slice(file.lastIndexOf('.') + 1);
      byExtension[ext] = (byExtension[ext] ?? 0) + content.length;
    }
    details[target] = { files: files.length, bytes, gzipBytes, byExtension, dir: relative(root, dir) };
    rows.push({
      section: 'Mini-program builds',
      measure: `${target}: whole build, ${files.length} files`,
      value: `${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gz)`,
      unit: '',
      // Alipay, like WeChat, limits the main package to 2 MB; this build has no sub-packages.
      ...(target === 'alipay' ? { limit: '≤ 2 MiB', ok: bytes <= MAIN_PACKAGE_LIMIT } : {}),
      ...(target === 'weapp'
        ? {
            limit: `goal ≤ ${WEAPP_BUDGET_BYTES / 1024} KiB: ${bytes <= WEAPP_BUDGET_BYTES ? 'met' : 'not met'}`,
          }
        : {}),
    });
    if (target === 'weapp') {
      const main = weappMainPackageSize(dir);
      details.weappMainPackageBytes = main;
      rows.push({
        section: 'Mini-program builds',
        measure: 'weapp main package (miniapp/bench/sizes.ts rule)',
        value: `${(main / 1024).toFixed(1)} KiB`,
        unit: '',
        limit: '≤ 2 MiB',
        ok: main <= MAIN_PACKAGE_LIMIT,
      });
    }
  }
  return { rows, details };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && !path.endsWith('.map'));
}
