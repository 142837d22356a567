// Builds the H5 app before `npm start` when it is missing or older than its sources, so that the
// two-command quick start serves the mini-program in a browser.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'miniapp', 'dist', 'h5', 'index.html');
const sources = ['miniapp/src', 'miniapp/config', 'shared/src'].map((dir) => join(root, dir));

function newestChange(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
if (builtAt > 0 && builtAt >= Math.max(...sources.map(newestChange))) process.exit(0);

console.log('Building the H5 app (first start only, about a minute)…');
const started = Date.now();
// Taro's and webpack's own output (tips, the asset list) is kept for a failure only.
const result = spawnSync('npm', ['run', 'build:h5', '-w', '@occ/miniapp'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (result.status === 0) {
  console.log(`Built the H5 app in ${Math.round((Date.now() - started) / 1000)} s.`);
} else {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
  console.error(output);
  console.error(
    'The H5 app did not build (its last lines are above); the API will still start. Run `npm run build:h5 -w @occ/miniapp` to see the whole output.',
  );
}
