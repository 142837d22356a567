import { hmacSigner, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../adapters/partners/signing.ts';
import { headerOf, type Scenario, type SimulatedCompany } from './scenario.ts';

const DEFAULT_LATENCY_MS = 50;

/** A partner API call as a company receives it (`POST /v1/account-counts`). */
export interface CompanyCall {
  lookupId: string;
  phone: string;
  callbackUrl?: string;
}

/**
 * What a simulated company does with a call:
 * - `refuse`: answer at once (unknown company, bad signature, malformed body, a scripted 500);
 * - `reply`: answer `200 {lookupId, count}` after `delayMs`;
 * - `accept`: answer `202` at once, then post the signed `callback` after `delayMs`;
 * - `hang`: never answer (the company is down), so the caller's timeout decides.
 */
export type CompanyDecision =
  | { kind: 'refuse'; status: number; body: unknown }
  | { kind: 'reply'; delayMs: number; status: 200; body: { lookupId: string; count: number } }
  | {
      kind: 'accept';
      body: { lookupId: string; status: 'PENDING' };
      delayMs: number;
      callback: { url: string; result: { lookupId: string; count: number } };
    }
  | { kind: 'hang' };

/** The scenario's behaviour of a company (an unlisted company answers `count: 0` after 50 ms). */
export function companyBehaviour(scenario: Scenario, companyId: string): SimulatedCompany {
  return scenario.companies[companyId] ?? {};
}

/**
 * Decides a simulated company's answer to one signed partner call. `callsSoFar` is how many calls
 * this lookup made before this one (for `failFirst`); `random` is a number in [0, 1) (for `failRate`).
 */
export function decideCompanyCall(input: {
  scenario: Scenario;
  companyId: string;
  secret: string | undefined;
  nowSeconds: number;
  headers: Record<string, string | undefined>;
  body: string;
  callsSoFar: (lookupId: string) => number;
  random: number;
}): CompanyDecision {
  const refuse = (status: number, code: string): CompanyDecision => ({
    kind: 'refuse',
    status,
    body: { error: { code } },
  });
  if (!input.secret) return refuse(404, 'NOT_FOUND');
  const timestamp = headerOf(input.headers, TIMESTAMP_HEADER);
  const signature = headerOf(input.headers, SIGNATURE_HEADER);
  if (!hmacSigner.verify(input.secret, timestamp, input.body, signature, input.nowSeconds)) {
    return refuse(401, 'BAD_SIGNATURE');
  }
  let call: CompanyCall;
  try {
    call = JSON.parse(input.body) as CompanyCall;
  } catch {
    return refuse(400, 'INVALID_REQUEST');
  }
  if (typeof call.lookupId !== 'string' || typeof call.phone !== 'string')
    return refuse(400, 'INVALID_REQUEST');
  const company = companyBehaviour(input.scenario, input.companyId);
  if (company.down) return { kind: 'hang' };
  const seen = input.callsSoFar(call.lookupId) + 1;
  if (seen <= (company.failFirst ?? 0) || input.random < (company.failRate ?? 0)) {
    return refuse(500, 'INTERNAL_ERROR');
  }
  const result = { lookupId: call.lookupId, count: company.accounts?.[call.phone] ?? 0 };
  const delayMs = company.latencyMs ?? DEFAULT_LATENCY_MS;
  if (company.mode === 'async' && call.callbackUrl) {
    return {
      kind: 'accept',
      body: { lookupId: call.lookupId, status: 'PENDING' },
      delayMs,
      callback: { url: call.callbackUrl, result },
    };
  }
  return { kind: 'reply', delayMs, status: 200, body: result };
}
