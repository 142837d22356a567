import type { Scenario } from '../sandbox/scenario.ts';

/** The sandbox simulations' world: the scenario and the keys the simulated parties share with the service. */
export interface SimulationWorld {
  scenario: Scenario;
  /** The key the carrier directory signs with (the service's carrier secret). */
  carrierSecret(): Promise<string>;
  /** A company's signing secret, or `undefined` for a company the registry does not list. */
  partnerSecret(companyId: string): Promise<string | undefined>;
}

/** A simulated company's late answer: post `result`, signed, to `url` after `delayMs`. */
export interface SimulatedCallback {
  kind: 'simulated-callback';
  companyId: string;
  url: string;
  delayMs: number;
  result: { lookupId: string; count: number };
}

/** Runs a simulated company's callback later, outside the call that accepted it. */
export interface CallbackScheduler {
  later(callback: SimulatedCallback): Promise<void>;
}
