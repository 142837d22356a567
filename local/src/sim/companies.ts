import type { IncomingMessage, ServerResponse } from 'node:http';
import { signedHeaders } from '@occ/functions/adapters/partners/signing.ts';
import { companyBehaviour, decideCompanyCall } from '@occ/functions/sandbox/companies.ts';
import type { Scenario, SimulatedCompany } from '../scenario.ts';

/**
 * The simulated companies, each answering the partner API (`POST /v1/account-counts`) as the
 * scenario says: sync or async (202, then a signed callback after `latencyMs`), a share of 500s,
 * the first N calls failing, or down (the call hangs until the caller times out). What each one
 * answers is the sandbox's decision (functions/src/sandbox/companies.ts); this class adds the
 * embedded default's timers, so a stop can cut hanging calls and pending callbacks.
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
    return companyBehaviour(this.scenario, companyId);
  }

  handle(companyId: string, rawBody: string, request: IncomingMessage, response: ServerResponse): undefined {
    const secret = this.secrets[companyId];
    const reply = (status: number, body: unknown): undefined => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return undefined;
    };
    if (secret && this.stopping) return reply(503, { error: { code: 'SERVICE_UNAVAILABLE' } });
    // The same decision the sandbox stage's company function takes (functions/src/sandbox/companies.ts).
    const decision = decideCompanyCall({
      scenario: this.scenario,
      companyId,
      secret,
      nowSeconds: this.nowSeconds(),
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
      ),
      body: rawBody,
      callsSoFar: (lookupId) => {
        const seen = this.calls.get(lookupId) ?? 0;
        this.calls.set(lookupId, seen + 1);
        return seen;
      },
      random: Math.random(),
    });
    switch (decision.kind) {
      case 'refuse':
        return reply(decision.status, decision.body);
      case 'hang':
        this.hanging.add(response);
        response.on('close', () => this.hanging.delete(response));
        return;
      case 'accept': {
        reply(202, decision.body);
        const { url, result } = decision.callback;
        this.later(
          decision.delayMs,
          () => this.callBack(companyId, secret as string, url, result),
          this.callbackTimers,
        );
        return;
      }
      case 'reply':
        this.later(decision.delayMs, () => reply(decision.status, decision.body));
        return;
    }
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
