import { setTimeout as sleep } from 'node:timers/promises';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER } from '../adapters/partners/signing.ts';
import { dependenciesOf } from '../composition.ts';
import { httpHandler } from '../http/respond.ts';
import { epochSeconds } from '../ports/clock.ts';
import type { SimulatedCallback } from '../ports/simulation.ts';
import { decideCompanyCall } from '../sandbox/companies.ts';

/** How long a company that is down keeps a call open: past the service's call timeout, within this function's. */
const HANG_MS = 12_000;
/** Calls per lookup this instance has seen (a scenario's `failFirst`; per instance, as a company's own servers would). */
const calls = new Map<string, number>();

const http = httpHandler('sandbox-companies', async (request, deps) => {
  const companyId = /^\/companies\/([a-z0-9-]+)\/v1\/account-counts$/.exec(request.path)?.[1];
  if (!companyId || request.method !== 'POST') return { status: 404, body: { error: { code: 'NOT_FOUND' } } };
  const decision = decideCompanyCall({
    scenario: deps.simulation.scenario,
    companyId,
    secret: await deps.simulation.partnerSecret(companyId),
    nowSeconds: epochSeconds(deps.clock.now()),
    headers: {
      [TIMESTAMP_HEADER]: request.header(TIMESTAMP_HEADER),
      [SIGNATURE_HEADER]: request.header(SIGNATURE_HEADER),
    },
    body: request.body ?? '',
    callsSoFar: (lookupId) => {
      const seen = calls.get(lookupId) ?? 0;
      calls.set(lookupId, seen + 1);
      return seen;
    },
    random: Math.random(),
  });
  switch (decision.kind) {
    case 'refuse':
      return { status: decision.status, body: decision.body };
    case 'hang':
      await sleep(HANG_MS);
      return { status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } };
    case 'accept':
      await deps.callbacks.later({
        kind: 'simulated-callback',
        companyId,
        url: decision.callback.url,
        delayMs: decision.delayMs,
        result: decision.callback.result,
      });
      return { status: 202, body: decision.body };
    case 'reply':
      await sleep(decision.delayMs);
      return { status: decision.status, body: decision.body };
  }
});

/** Posts a simulated company's signed late answer; a failure throws so Lambda tries the event again. */
async function callBack(callback: SimulatedCallback): Promise<void> {
  const deps = await dependenciesOf('sandbox-companies');
  await sleep(callback.delayMs);
  const secret = await deps.simulation.partnerSecret(callback.companyId);
  if (!secret) throw new Error(`no partner ${callback.companyId}`);
  const body = JSON.stringify(callback.result);
  const response = await fetch(callback.url, {
    method: 'POST',
    headers: signedHeaders(secret, body, epochSeconds(deps.clock.now())),
    body,
    signal: AbortSignal.timeout(5_000),
  });
  deps.logger.info('simulated_callback_sent', { companyId: callback.companyId, status: response.status });
  if (response.status >= 500) throw new Error(`callback answered ${response.status}`);
}

/**
 * The sandbox's simulated companies: the partner API (`POST /companies/{id}/v1/account-counts`)
 * behind the function URL that is each company's endpoint in the sandbox stage, and the later,
 * signed callbacks of the asynchronous ones, which arrive as asynchronous invocations of this
 * same function.
 */
export async function handler(
  event: APIGatewayProxyEventV2 | SimulatedCallback,
): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  if ('kind' in event && event.kind === 'simulated-callback') {
    await callBack(event);
    return undefined;
  }
  return http(event as APIGatewayProxyEventV2);
}
