import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One simulated subscriber of the carrier directory. */
export interface Subscriber {
  phone: string;
  idSuffix: string;
  inService: boolean;
}

/**
 * Every 11-digit number that starts with `prefix` is a subscriber with this ID suffix: a block of
 * numbers for repeated checks (each run of `npm run smoke` takes a fresh one, so no limit or
 * cooldown of an earlier run is in its way).
 */
export interface SubscriberRange {
  prefix: string;
  idSuffix: string;
  inService: boolean;
}

/** How one simulated company answers the partner API. */
export interface SimulatedCompany {
  mode?: 'sync' | 'async';
  latencyMs?: number;
  /** Share (0–1) of calls answered with 500. */
  failRate?: number;
  /** The first N calls for each lookup answer 500, the next ones answer normally. */
  failFirst?: number;
  /** Every call hangs, so the service's call times out. */
  down?: boolean;
  /** Accounts bound to each number; a number not listed has none. */
  accounts?: Record<string, number>;
}

/**
 * The simulated world of the sandbox (the embedded default and the `sandbox` stage): the carrier's
 * subscribers and how each company answers. The format is described in local/README.md.
 */
export interface Scenario {
  subscribers: Subscriber[];
  subscriberRanges?: SubscriberRange[];
  companies: Record<string, SimulatedCompany>;
  /**
   * Local-only tuning of the server-side registry and workflow, so tests need not wait for the
   * production defaults (3 s per call, 3 tries, 10-minute async deadline, 5 s polls).
   */
  service?: {
    partnerTimeoutMs?: number;
    partnerMaxAttempts?: number;
    asyncDeadlineSeconds?: number;
    asyncPollSeconds?: number;
    globalDailyCodeCap?: number;
  };
}

/** The demo world `npm start` and the sandbox stage run by default. */
export const DEMO_SCENARIO_FILE = fileURLToPath(new URL('./scenarios/demo.json', import.meta.url));

const MAINLAND_MOBILE = /^1\d{10}$/;

/** Checks a scenario (an object, or its JSON text) and returns it; a malformed one fails with the reason. */
export function parseScenario(source: unknown): Scenario {
  const raw: unknown = typeof source === 'string' ? JSON.parse(source) : source;
  if (typeof raw !== 'object' || raw === null) throw new Error('scenario: not a JSON object');
  const scenario = raw as Partial<Scenario>;
  if (!Array.isArray(scenario.subscribers)) throw new Error('scenario: "subscribers" must be an array');
  for (const subscriber of scenario.subscribers) {
    if (typeof subscriber.phone !== 'string' || typeof subscriber.idSuffix !== 'string') {
      throw new Error('scenario: each subscriber needs "phone" and "idSuffix"');
    }
  }
  const ranges = scenario.subscriberRanges ?? [];
  if (!Array.isArray(ranges)) throw new Error('scenario: "subscriberRanges" must be an array');
  for (const range of ranges) {
    if (
      typeof range.prefix !== 'string' ||
      !/^1\d{0,9}$/.test(range.prefix) ||
      typeof range.idSuffix !== 'string'
    ) {
      throw new Error(
        'scenario: each subscriber range needs a "prefix" of 1 to 10 digits starting with 1 and an "idSuffix"',
      );
    }
  }
  const companies = scenario.companies ?? {};
  if (typeof companies !== 'object') throw new Error('scenario: "companies" must be an object');
  return {
    subscribers: scenario.subscribers,
    ...(ranges.length > 0 ? { subscriberRanges: ranges } : {}),
    companies,
    ...(scenario.service ? { service: scenario.service } : {}),
  };
}

/** Reads a scenario file, or checks a scenario object; the demo scenario when none is given. */
export function loadScenario(source: string | Scenario | undefined): Scenario {
  return parseScenario(
    typeof source === 'object' ? source : readFileSync(source ?? DEMO_SCENARIO_FILE, 'utf8'),
  );
}

/** A request header by name, whatever its case (HTTP header names are case-insensitive). */
export function headerOf(headers: Record<string, string | undefined>, name: string): string {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value ?? '';
  return '';
}

/** The subscriber a number belongs to: listed by number first, then by range. */
export function findSubscriber(scenario: Scenario, phone: unknown): Subscriber | undefined {
  if (typeof phone !== 'string') return undefined;
  const listed = scenario.subscribers.find((subscriber) => subscriber.phone === phone);
  if (listed) return listed;
  if (!MAINLAND_MOBILE.test(phone)) return undefined;
  const range = (scenario.subscriberRanges ?? []).find((candidate) => phone.startsWith(candidate.prefix));
  return range ? { phone, idSuffix: range.idSuffix, inService: range.inService } : undefined;
}
