import { readFileSync } from 'node:fs';

/** A phase of the profiled run, on the profile's clock (microseconds of the monotonic clock). */
export interface PhaseMark {
  name: string;
  start: number;
  end: number;
  requests: number;
  throughput: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Who spends CPU time: the first frame from the sampled function up its stack that belongs to a
 * known owner. Frames of no known owner (a V8 builtin, `JSON.parse`, a promise job) count for the
 * owner that called them. Order matters: logging is one of our adapters.
 */
const OWNERS: [string, RegExp][] = [
  ['logging (JSON log lines)', /\/functions\/src\/adapters\/logging\//],
  ['handlers, use cases, our adapters', /\/(functions|shared)\/src\//],
  ['AWS SDK v3', /\/node_modules\/(@aws-sdk|@smithy|@aws-crypto|fast-xml-parser|strnum|bowser)\//],
  [
    'dynalite (local only)',
    /\/node_modules\/(dynalite|level|memory-level|abstract-level|classic-level|level-supports|level-transcoder|async|big\.js|buffer-crc32|lazy|lock|once|functional-red-black-tree|module-error|maybe-combine-errors)\//,
  ],
  [
    'Step Functions interpreter (local only)',
    /\/node_modules\/(aws-local-stepfunctions|jsonpath-plus|p-limit|lodash)/,
  ],
  ['local emulations: API server, queue, SNS, carrier, companies (local only)', /\/local\/src\//],
  ['bench client (load generator)', /\/(test\/support|bench)\//],
  ['tsx loader (local only)', /\/node_modules\/(tsx|esbuild|get-tsconfig)\//],
];

/** How the time is spent when it is spent in Node's own modules: noted under the owner above it. */
const MECHANISMS: [string, RegExp][] = [
  ['crypto', /^node:(internal\/crypto|crypto)/],
  ['fetch (undici)', /^node:internal\/deps\/undici/],
  [
    'Node HTTP, net and streams',
    /^node:(_http|http|https|net|stream|dns|url|internal\/(http|stream|streams|net|dns|url|js_stream_socket))/,
  ],
];

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'garbage collection',
  '(idle)': 'idle',
  '(program)': 'V8 and native code outside JavaScript',
  '(root)': 'V8 and native code outside JavaScript',
};

/** `[owner, mechanism]` of a sample whose stack, leaf first, is `path`. */
function partOf(path: ProfileNode[]): [string, string] {
  const leaf = path[0];
  const special = leaf && leaf.callFrame.url === '' ? SPECIAL[leaf.callFrame.functionName] : undefined;
  if (special) return [special, ''];
  let mechanism = '';
  for (const node of path) {
    const url = node.callFrame.url;
    if (!url) continue;
    for (const [owner, pattern] of OWNERS) if (pattern.test(url)) return [owner, mechanism];
    if (!mechanism) mechanism = MECHANISMS.find(([, pattern]) => pattern.test(url))?.[0] ?? '';
  }
  // Socket reads and HTTP parsing run from the event loop, with no owner on the stack: both ends of
  // every loopback call (the SDK's and dynalite's, the API's and the bench client's).
  return mechanism
    ? [`${mechanism}, from the event loop (either end of a loopback call)`, '']
    : ['other Node internals (timers, promises, modules)', ''];
}

/** The time per part within each phase, and the costliest functions by self time, as text. */
export function summariseProfile(profilePath: string, phasesPath: string): string {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const phases = JSON.parse(readFileSync(phasesPath, 'utf8')) as PhaseMark[];
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const partCache = new Map<number, [string, string]>();
  const part = (id: number) => {
    let cached = partCache.get(id);
    if (cached === undefined) {
      const path: ProfileNode[] = [];
      for (let node = byId.get(id); node; node = parent.get(node.id)) path.push(node);
      cached = partOf(path);
      partCache.set(id, cached);
    }
    return cached;
  };

  const out: string[] = [];
  for (const phase of phases) {
    const parts = new Map<string, number>();
    const mechanisms = new Map<string, number>();
    const functions = new Map<string, number>();
    let total = 0;
    let time = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i] ?? 0;
      if (time < phase.start || time > phase.end) continue;
      const id = profile.samples[i] as number;
      // A sample stands for the time until the next one.
      const weight = profile.timeDeltas[i + 1] ?? 0;
      const [name, mechanism] = part(id);
      if (name === 'idle') continue;
      total += weight;
      parts.set(name, (parts.get(name) ?? 0) + weight);
      if (mechanism) {
        const key = `${name}\u0000${mechanism}`;
        mechanisms.set(key, (mechanisms.get(key) ?? 0) + weight);
      }
      const frame = byId.get(id)?.callFrame;
      const label = `${frame?.functionName || '(anonymous)'} ${shortUrl(frame?.url ?? '')}`;
      functions.set(label, (functions.get(label) ?? 0) + weight);
    }
    const wall = phase.end - phase.start;
    out.push(
      `\n${phase.name}: ${phase.requests} requests at ${phase.throughput.toFixed(0)} req/s; ` +
        `CPU busy ${((total / wall) * 100).toFixed(0)} % of ${(wall / 1e6).toFixed(2)} s, ` +
        `${(total / phase.requests / 1000).toFixed(2)} ms of CPU per request`,
    );
    const percent = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
    for (const [name, us] of [...parts].sort((a, b) => b[1] - a[1])) {
      out.push(`  ${percent(us)}  ${name}`);
      for (const [key, inner] of [...mechanisms].sort((a, b) => b[1] - a[1])) {
        const [owner, mechanism] = key.split('\u0000');
        if (owner === name) out.push(`           ${percent(inner)}  of which in ${mechanism}`);
      }
    }
    out.push('  top functions by self time:');
    for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
      out.push(`  ${percent(us)}  ${name}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const src = url.search(/\/(functions|shared|local|bench|test)\//);
  return src >= 0 ? url.slice(src + 1) : url;
}
