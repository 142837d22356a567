import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../test/support/http.ts';
import { type Journey, makeSubscribers, replies, type Subscriber, waitFor } from '../test/support/journey.ts';
import { runPool } from './lib/pool.ts';
import { type PhaseMark, summariseProfile } from './lib/profile-summary.ts';
import { benchScenario, withService } from './service.ts';

/**
 * `npm run bench:profile`: a V8 CPU profile (`node --cpu-prof`) of the embedded default under the
 * throughput load of `npm run bench` (code requests, then submissions with their lookups held in
 * the queue, 16 in flight; then the workflows of those queries), and where each phase's CPU time
 * goes: handlers and use cases, crypto, the AWS SDK, dynalite, the local
 * emulations, logging, Node's HTTP stack, the bench's own client. The profile is written under
 * `node_modules/.cache/occ-bench/profile/` for a closer look in Chrome DevTools.
 *
 * OCC_PROFILE_REQUESTS sets the requests per phase (default 400).
 */
const here = import.meta.dirname;
const outDir = join(here, '..', 'node_modules', '.cache', 'occ-bench', 'profile');
const CHILD = 'OCC_PROFILE_CHILD';
const requests = Number(process.env.OCC_PROFILE_REQUESTS ?? 400);
const CONCURRENCY = 16;

if (process.env[CHILD] === '1') await underLoad();
else profileInChild();

function profileInChild(): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const run = spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${outDir}`, '--import', 'tsx', join(here, 'profile.ts')],
    { stdio: 'inherit', env: { ...process.env, [CHILD]: '1' } },
  );
  if (run.status !== 0) throw new Error(`the profiled run exited with ${run.status}`);
  // One profile per thread (tsx runs its loader in a worker): the main thread's is the largest.
  const profile = readdirSync(outDir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(outDir, b)).size - statSync(join(outDir, a)).size)[0];
  if (!profile) throw new Error('no .cpuprofile written');
  process.stdout.write(summariseProfile(join(outDir, profile), join(outDir, 'phases.json')));
  process.stdout.write(`\nprofile: ${join(outDir, profile)}\n`);
}

function count(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const status of statuses) out[status] = (out[status] ?? 0) + 1;
  return out;
}

/** The load: the same journeys as the throughput section, with the phase boundaries on the profile's clock. */
async function underLoad(): Promise<void> {
  const warm = 40;
  const subscribers = makeSubscribers(requests + warm, 5000);
  const marks: PhaseMark[] = [];
  // V8 stamps samples with the monotonic clock in microseconds, as process.hrtime does in nanoseconds.
  const stamp = () => Number(process.hrtime.bigint() / 1000n);
  await withService(benchScenario(subscribers), async (service, journey: Journey) => {
    const tokens = await Promise.all(
      Array.from({ length: Math.ceil((requests + warm) / 10) }, () => journey.session()),
    );
    const tokenFor = (i: number) => tokens[Math.floor(i / 10)] ?? '';
    const warmRun = await runPool(warm, CONCURRENCY, async (i) => {
      const s = subscribers[requests + i] as Subscriber;
      const code = await journey.freshCode(tokenFor(requests + i), s.phone);
      return (await journey.submit(tokenFor(requests + i), { phone: s.phone, idSuffix: s.idSuffix, code }))
        .status;
    });
    await service.idle();

    let start = stamp();
    const codeRun = await runPool(requests, CONCURRENCY, async (i) => {
      const s = subscribers[i] as Subscriber;
      return (await journey.requestCode(tokenFor(i), s.phone)).status;
    });
    marks.push({ name: 'code requests', start, end: stamp(), requests, throughput: codeRun.throughput });

    const codes = new Map<string, string>();
    for (const sms of await journey.outbox()) {
      const code = /验证码为(\d{6})/.exec(sms.text)?.[1];
      if (code) codes.set(sms.to, code);
    }
    // The submissions with their lookups held in the queue, then the lookups alone: each phase
    // is one path's work.
    const release = service.holdLookups();
    start = stamp();
    const submitRun = await runPool(requests, CONCURRENCY, async (i) => {
      const s = subscribers[i] as Subscriber;
      const code = codes.get(s.phone) ?? '';
      return (await journey.submit(tokenFor(i), { phone: s.phone, idSuffix: s.idSuffix, code })).status;
    });
    marks.push({
      name: 'submissions (lookups held in the queue)',
      start,
      end: stamp(),
      requests,
      throughput: submitRun.throughput,
    });
    // As in the throughput section: wait for the replies before idle(), which grows with the executions in flight.
    const accepted = [...warmRun.results, ...submitRun.results].filter((status) => status === 202).length;
    process.stderr.write(
      `profile: ${accepted} queries accepted; statuses ${JSON.stringify(count(submitRun.results))}\n`,
    );
    start = stamp();
    const lookupsStarted = performance.now();
    release();
    await waitFor(
      async () => (replies(await journey.outbox()).length >= accepted ? true : undefined),
      600_000,
    );
    marks.push({
      name: 'their workflows (lookups to the reply SMS)',
      start,
      end: stamp(),
      requests,
      throughput: (requests / (performance.now() - lookupsStarted)) * 1000,
    });
    await service.idle();
    // One health request after the run, so a crash under load would show as a failure here.
    if ((await call(service.baseUrl, 'GET', '/v1/health')).status !== 200) throw new Error('unhealthy');
  });
  writeFileSync(join(outDir, 'phases.json'), JSON.stringify(marks));
}
