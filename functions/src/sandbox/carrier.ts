import { hmacSigner, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../adapters/partners/signing.ts';
import { findSubscriber, headerOf, type Scenario } from './scenario.ts';

export interface SimulatedAnswer {
  status: number;
  body: unknown;
}

/**
 * The simulated carrier directory, answering the carrier adapter's signed HTTP interface
 * (`POST /v1/subscribers/status`, `POST /v1/subscribers/owner-check`) from the scenario. A request
 * whose signature does not verify is refused; a number not among the subscribers is not in service.
 */
export function answerCarrier(
  scenario: Scenario,
  secret: string,
  nowSeconds: number,
  request: { path: string; headers: Record<string, string | undefined>; body: string },
): SimulatedAnswer {
  const timestamp = headerOf(request.headers, TIMESTAMP_HEADER);
  const signature = headerOf(request.headers, SIGNATURE_HEADER);
  if (!hmacSigner.verify(secret, timestamp, request.body, signature, nowSeconds)) {
    return { status: 401, body: { error: { code: 'BAD_SIGNATURE' } } };
  }
  let call: { phone?: string; idSuffix?: string };
  try {
    call = JSON.parse(request.body) as typeof call;
  } catch {
    return { status: 400, body: { error: { code: 'INVALID_REQUEST' } } };
  }
  const subscriber = findSubscriber(scenario, call.phone);
  if (request.path === '/v1/subscribers/status')
    return { status: 200, body: { inService: subscriber?.inService === true } };
  if (request.path === '/v1/subscribers/owner-check') {
    const matches =
      subscriber?.inService === true &&
      typeof call.idSuffix === 'string' &&
      subscriber.idSuffix.toUpperCase() === call.idSuffix.toUpperCase();
    return { status: 200, body: { matches } };
  }
  return { status: 404, body: { error: { code: 'NOT_FOUND' } } };
}
