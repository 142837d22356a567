import { buildStaleTargets } from './support/build';

/** Builds weapp, alipay and h5 once per run, so that a fresh clone tests what it compiles. */
export default async function setup(): Promise<void> {
  const built = await buildStaleTargets((line) => console.log(`[miniapp] ${line}`));
  if (built.length === 0) console.log('[miniapp] weapp, alipay and h5 builds are up to date');
}
