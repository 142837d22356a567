import type { IncomingMessage, ServerResponse } from 'node:http';
import { hmacSigner, signedHeaders } from '@occ/functions/adapters/partners/signing.ts';
import type { Scenario, SimulatedCompany } from '../scenario.ts';

const DEFAULT_LATENCY_MS = 50;

/**
 * The simulated companies, each answering the partner API (`POST /v1/account-counts`) as the
 * scenario says: sync or async (202, then a signed callback after `latencyMs`), a share of 500s,
 * the first N calls failing, or down (the call hangs until the caller times out).
 */
export class SimulatedCompanies {
  private readonly calls = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly callbackTimers = new Set<NodeJS.Timeout>();
  private readonly hanging = new Set<ServerResponse>();
  private callbacks = 0;
  private stopping = false;
  private closed = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly secrets: Record<string, string>,
    private readonly nowSeconds: () => number,
    private readonly onCallbackError: (companyId: string, error: unknown) => void,
  ) {}

  behaviour(companyId: string): SimulatedCompany {
    return this.scenario.companies[companyId] ?? {};
  }

  handle(companyId: string, rawBody: string, request: IncomingMessage, response: ServerResponse): undefined {
    const secret = this.secrets[companyId];
    const reply = (status: number, body: unknown): undefined => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return undefined;
    };
    if (!secret) return reply(404, { error: { code: 'NOT_FOUND' } });
    if (this.stopping) return reply(503, { error: { code: 'SERVICE_UNAVAILABLE' } });
    const timestamp = String(request.headers['x-occ-timestamp'] ?? '');
    const signature = String(request.headers['x-occ-signature'] ?? '');
    if (!hmacSigner.verify(secret, timestamp, rawBody, signature, this.nowSeconds())) {
      return reply(401, { error: { code: 'BAD_SIGNATURE' } });
    }
    const call = JSON.parse(rawBody) as { lookupId: string; phone: string; callbackUrl?: string };
    const company = this.behaviour(companyId);
    if (company.down) {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    const seen = (this.calls.get(call.lookupId) ?? 0) + 1;
    this.calls.set(call.lookupId, seen);
    if (seen <= (company.failFirst ?? 0) || Math.random() < (company.failRate ?? 0)) {
      return reply(500, { error: { code: 'INTERNAL_ERROR' } });
    }
    const count = company.accounts?.[call.phone] ?? 0;
    const latency = company.latencyMs ?? DEFAULT_LATENCY_MS;
    if (company.mode === 'async' && call.callbackUrl) {
      reply(202, { lookupId: call.lookupId, status: 'PENDING' });
      this.later(
        latency,
        () =>
          this.callBack(companyId, secret, call.callbackUrl as string, { lookupId: call.lookupId, count }),
        this.callbackTimers,
      );
      return;
    }
    this.later(latency, () => reply(200, { lookupId: call.lookupId, count }));
  }

  /**
   * The first step of a stop: no new calls are taken (503), no callback is sent any more (the
   * restarted service asks again), and hanging calls are cut off, while the replies already on
   * their way to a caller still arrive.
   */
  stop(): void {
    this.stopping = true;
    for (const timer of this.callbackTimers) clearTimeout(timer);
    this.callbackTimers.clear();
    for (const response of this.hanging) response.destroy();
  }

  /** Replies and callbacks still on their way. */
  get busy(): number {
    return this.timers.size + this.callbacks;
  }

  close(): void {
    this.stop();
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, run: () => void, timers = this.timers): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!this.closed) run();
    }, ms);
    timers.add(timer);
  }

  private async callBack(
    companyId: string,
    secret: string,
    url: string,
    result: { lookupId: string; count: number },
  ) {
    const body = JSON.stringify(result);
    this.callbacks++;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: signedHeaders(secret, body, this.nowSeconds()),
        body,
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status >= 500) throw new Error(`callback answered ${response.status}`);
    } catch (error) {
      if (!this.stopping) this.onCallbackError(companyId, error);
    } finally {
      this.callbacks--;
    }
  }
}
