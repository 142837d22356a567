import { answerCarrier } from '@occ/functions/sandbox/carrier.ts';
import type { Scenario } from '../scenario.ts';

/**
 * The simulated carrier directory behind the real carrier adapter's HTTP interface, answering as
 * the sandbox stage's carrier function does (functions/src/sandbox/carrier.ts).
 */
export function simulatedCarrier(scenario: Scenario, secret: string, nowSeconds: () => number) {
  return (
    path: string,
    headers: Record<string, string | undefined>,
    rawBody: string,
  ): { status: number; body: unknown } =>
    answerCarrier(scenario, secret, nowSeconds(), { path, headers, body: rawBody });
}
