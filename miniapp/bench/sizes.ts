import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Prints the size of each build in `dist/`: the whole weapp, alipay and h5 output, and the weapp
 * main package (everything outside sub-packages), which WeChat limits to 2 MB.
 * Run after `npm run build`: `npm run bench -w @occ/miniapp`.
 */

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** The project's goal for the whole weapp build, in bytes (WeChat's own limit is 2 MB per package). */
export const WEAPP_BUDGET_BYTES = 250 * 1024;

/** Total bytes of the files under a folder. */
export function dirSize(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder)) {
    const full = path.join(folder, entry);
    const stat = statSync(full);
    total += stat.isDirectory() ? dirSize(full) : stat.size;
  }
  return total;
}

/** The weapp main package: the whole build minus the sub-package roots listed in app.json. */
export function weappMainPackageSize(weappDir: string): number {
  const app = JSON.parse(readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((sub) =>
    path.join(weappDir, sub.root),
  );
  return dirSize(weappDir) - roots.filter(existsSync).reduce((sum, root) => sum + dirSize(root), 0);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function main(): void {
  const rows: [string, string, string][] = [];
  for (const target of ['weapp', 'alipay', 'h5']) {
    const folder = path.join(DIST, target);
    if (!existsSync(folder)) {
      rows.push([target, 'not built', 'run npm run build first']);
      continue;
    }
    const total = dirSize(folder);
    if (target !== 'weapp') {
      rows.push([target, `${total} bytes`, kb(total)]);
      continue;
    }
    const goal = total <= WEAPP_BUDGET_BYTES ? 'met' : 'not met';
    rows.push([target, `${total} bytes`, `${kb(total)} (goal ${kb(WEAPP_BUDGET_BYTES)}: ${goal})`]);
    const main = weappMainPackageSize(folder);
    rows.push(['weapp main package', `${main} bytes`, `${kb(main)} (WeChat limit 2048 KB)`]);
  }
  for (const [name, bytes, readable] of rows)
    console.log(`${name.padEnd(20)} ${bytes.padStart(14)}  ${readable}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
