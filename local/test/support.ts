import { createHmac } from 'node:crypto';
import { type RunningService, type Scenario, type StartOptions, startService } from '../src/index.ts';

export const OWNER = { phone: '13800138000', idSuffix: '01234X' };
export const MISMATCH = { phone: '13900139000', idSuffix: '150317' };

/** A quick world: small latencies, short timeouts and polls, so journeys take seconds. */
export function fastScenario(overrides: Partial<Scenario> = {}): Scenario {
  const extra = Array.from({ length: 20 }, (_, i) => ({
    phone: `1360000${String(1000 + i)}`,
    idSuffix: '110011',
    inService: true,
  }));
  return {
    subscribers: [
      { ...OWNER, inService: true },
      { ...MISMATCH, inService: true },
      { phone: '13700137000', idSuffix: '280426', inService: false },
      ...extra,
    ],
    companies: {
      tencent: { mode: 'sync', latencyMs: 5, accounts: { [OWNER.phone]: 2 } },
      alibaba: { mode: 'sync', latencyMs: 5, accounts: { [OWNER.phone]: 1 } },
      alipay: { mode: 'async', latencyMs: 150, accounts: { [OWNER.phone]: 1 } },
      baidu: { mode: 'sync', latencyMs: 5, accounts: {} },
      kuaishou: { mode: 'sync', latencyMs: 5, failFirst: 2, accounts: { [OWNER.phone]: 4 } },
      douyin: { mode: 'sync', latencyMs: 5, accounts: { [OWNER.phone]: 3 } },
      jd: { mode: 'sync', latencyMs: 5, accounts: { [OWNER.phone]: 1 } },
      meituan: { mode: 'sync', latencyMs: 5, accounts: { [OWNER.phone]: 2 } },
    },
    service: { partnerTimeoutMs: 400, partnerMaxAttempts: 3, asyncDeadlineSeconds: 600 },
    ...overrides,
  };
}

export function start(options: StartOptions = {}): Promise<RunningService> {
  return startService({ port: 0, dataDir: ':memory:', quiet: true, scenario: fastScenario(), ...options });
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    error?: {
      code: string;
      message: string;
      field?: string;
      retryAfterSeconds?: number;
      attemptsLeft?: number;
    };
  };
}

/** A small client of the public API. */
export class Client {
  token = '';

  constructor(readonly baseUrl: string) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  }

  async login(platform: 'h5' | 'weapp' | 'alipay' = 'h5', code?: string): Promise<this> {
    const reply = await this.call(
      'POST',
      '/v1/sessions',
      code === undefined ? { platform } : { platform, code },
    );
    if (reply.status !== 201) throw new Error(`session: ${reply.status}`);
    this.token = String(reply.body.token);
    return this;
  }

  requestCode(phone: string) {
    return this.call('POST', '/v1/verification-codes', { phone });
  }

  submit(input: { phone: string; idSuffix: string; code: string }) {
    return this.call('POST', '/v1/queries', input);
  }

  query(queryId: string) {
    return this.call('GET', `/v1/queries/${queryId}`);
  }

  async outbox(
    phone?: string,
  ): Promise<{ to: string; from: string; text: string; segments: number; sentAt: string }[]> {
    const response = await fetch(`${this.baseUrl}/_local/outbox${phone ? `?phone=${phone}` : ''}`);
    return ((await response.json()) as { messages: [] }).messages;
  }

  /** The latest verification code the phone received. */
  async latestCode(phone: string): Promise<string> {
    const codes = (await this.outbox(phone)).map((m) => /验证码为(\d{6})/.exec(m.text)?.[1]).filter(Boolean);
    const code = codes.at(-1);
    if (!code) throw new Error('no code in the outbox');
    return code;
  }

  /** Session → code from the outbox → submit. */
  async submitWithFreshCode(who: { phone: string; idSuffix: string }): Promise<Reply> {
    const sent = await this.requestCode(who.phone);
    if (sent.status !== 202) throw new Error(`code: ${sent.status} ${JSON.stringify(sent.body)}`);
    return this.submit({ ...who, code: await this.latestCode(who.phone) });
  }

  async advanceClock(seconds: number): Promise<void> {
    await fetch(`${this.baseUrl}/_local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: seconds }),
    });
  }
}

/** Polls until `check` returns a value (not undefined); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for the query to reach a final state and returns its view. */
export function settledQuery(client: Client, queryId: string): Promise<Reply['body']> {
  return waitFor(async () => {
    const reply = await client.query(queryId);
    return ['COMPLETED', 'REJECTED', 'FAILED'].includes(String(reply.body.status)) &&
      reply.body.smsSentAt !== undefined
      ? reply.body
      : reply.body.status === 'FAILED'
        ? reply.body
        : undefined;
  });
}

/** Waits for an SMS to `phone` whose text matches. */
export function smsMatching(client: Client, phone: string, pattern: RegExp) {
  return waitFor(async () => (await client.outbox(phone)).find((message) => pattern.test(message.text)));
}

/** Signs a partner callback as docs/api.md says. */
export function signed(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    'x-occ-timestamp': String(timestamp),
    'x-occ-signature': createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex'),
  };
}
