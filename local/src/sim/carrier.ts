import { hmacSigner } from '@occ/functions/adapters/partners/signing.ts';
import type { Scenario } from '../scenario.ts';

/**
 * The simulated carrier directory behind the real carrier adapter's HTTP interface. A number not
 * among the scenario's subscribers is not in service.
 */
export function simulatedCarrier(scenario: Scenario, secret: string, nowSeconds: () => number) {
  const find = (phone: unknown) => scenario.subscribers.find((subscriber) => subscriber.phone === phone);
  return (
    path: string,
    headers: Record<string, string | undefined>,
    rawBody: string,
  ): { status: number; body: unknown } => {
    const timestamp = headers['x-occ-timestamp'] ?? '';
    const signature = headers['x-occ-signature'] ?? '';
    if (!hmacSigner.verify(secret, timestamp, rawBody, signature, nowSeconds())) {
      return { status: 401, body: { error: { code: 'BAD_SIGNATURE' } } };
    }
    const request = JSON.parse(rawBody) as { phone?: string; idSuffix?: string };
    const subscriber = find(request.phone);
    if (path === '/v1/subscribers/status')
      return { status: 200, body: { inService: subscriber?.inService === true } };
    if (path === '/v1/subscribers/owner-check') {
      const matches =
        subscriber?.inService === true &&
        typeof request.idSuffix === 'string' &&
        subscriber.idSuffix.toUpperCase() === request.idSuffix.toUpperCase();
      return { status: 200, body: { matches } };
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND' } } };
  };
}
