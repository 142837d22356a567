import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The simulated world (local/README.md "Scenario file"), plus optional local-only knobs. */
export interface Scenario {
  subscribers: { phone: string; idSuffix: string; inService: boolean }[];
  companies: Record<string, SimulatedCompany>;
  /**
   * Local-only tuning of the server-side registry and workflow, so tests need not wait for the
   * production defaults (3 s per call, 3 tries, 10-minute async deadline, 5 s polls).
   */
  service?: {
    partnerTimeoutMs?: number;
    partnerMaxAttempts?: number;
    asyncDeadlineSeconds?: number;
    globalDailyCodeCap?: number;
  };
}

export interface SimulatedCompany {
  mode?: 'sync' | 'async';
  latencyMs?: number;
  /** Share (0–1) of calls answered with 500. */
  failRate?: number;
  /** Local extension: the first N calls for each lookup answer 500, the next ones answer normally. */
  failFirst?: number;
  /** Every call hangs, so the service's call times out. */
  down?: boolean;
  accounts?: Record<string, number>;
}

export const DEMO_SCENARIO_FILE = fileURLToPath(new URL('../scenarios/demo.json', import.meta.url));

/** Reads and checks a scenario (a path or an object). */
export function loadScenario(source: string | Scenario | undefined): Scenario {
  const raw: unknown =
    typeof source === 'object' ? source : JSON.parse(readFileSync(source ?? DEMO_SCENARIO_FILE, 'utf8'));
  if (typeof raw !== 'object' || raw === null) throw new Error('scenario: not a JSON object');
  const scenario = raw as Partial<Scenario>;
  if (!Array.isArray(scenario.subscribers)) throw new Error('scenario: "subscribers" must be an array');
  for (const subscriber of scenario.subscribers) {
    if (typeof subscriber.phone !== 'string' || typeof subscriber.idSuffix !== 'string') {
      throw new Error('scenario: each subscriber needs "phone" and "idSuffix"');
    }
  }
  const companies = scenario.companies ?? {};
  if (typeof companies !== 'object') throw new Error('scenario: "companies" must be an object');
  return {
    subscribers: scenario.subscribers,
    companies,
    ...(scenario.service ? { service: scenario.service } : {}),
  };
}
