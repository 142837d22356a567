import { createHmac } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { coldStart } from '@occ/functions/composition.ts';
import { runningService } from '@occ/local';
import { type RawResponse, send } from './http.ts';

/**
 * A company's side of the partner API, for tests: its signing secret, as the local service that
 * runs in this process shares it with the simulated company.
 */
export function partnerSecret(companyId: string): string {
  return runningService().partnerSecret(companyId);
}

export function sign(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${body}`, 'utf8').digest('hex');
}

/** Posts a signed callback for a company (optionally with a wrong secret, timestamp or signature). */
export function postCallback(
  baseUrl: string,
  companyId: string,
  result: unknown,
  options: { secret?: string; timestamp?: number; signature?: string; rawBody?: string } = {},
): Promise<RawResponse> {
  const body = options.rawBody ?? JSON.stringify(result);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = options.signature ?? sign(options.secret ?? partnerSecret(companyId), timestamp, body);
  return send(baseUrl, {
    method: 'POST',
    path: `/v1/partners/${companyId}/results`,
    headers: {
      'content-type': 'application/json',
      'x-occ-timestamp': timestamp,
      'x-occ-signature': signature,
    },
    body,
  });
}

/** The lookup item of one company for one query, read from the service's tables. */
export async function findLookup(
  tableItems: () => Promise<Record<string, Record<string, unknown>[]>>,
  queryId: string,
  companyId: string,
): Promise<Record<string, unknown> | undefined> {
  const items = await tableItems();
  return (items.lookups ?? []).find((item) => item.queryId === queryId && item.companyId === companyId);
}

/** Signing headers for a callback body from a company of the running service, if it has a secret. */
export function signedAs(companyId: string, body: string): Record<string, string> | undefined {
  let secret: string;
  try {
    secret = partnerSecret(companyId);
  } catch {
    return undefined;
  }
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'x-occ-timestamp': timestamp, 'x-occ-signature': sign(secret, timestamp, body) };
}

/**
 * Starts a stand-in for one company's partner API on loopback and points the running service at it
 * (rewrites its entry in OCC_PARTNERS and rebuilds the composition).
 */
export async function standInPartner(companyId: string, handler: RequestListener): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const partners = JSON.parse(process.env.OCC_PARTNERS ?? '[]') as {
    companyId: string;
    endpoint: string;
  }[];
  for (const entry of partners) {
    if (entry.companyId === companyId)
      entry.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  process.env.OCC_PARTNERS = JSON.stringify(partners);
  coldStart();
  return server;
}

/** Closes a stand-in partner, if it was started. */
export function closePartner(server: Server | undefined): Promise<void> {
  return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
