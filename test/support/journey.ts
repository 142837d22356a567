import { call, type RawResponse } from './http.ts';

/** One SMS as `GET /_local/outbox` lists it. */
export interface Sms {
  to: string;
  from: string;
  text: string;
  segments: number;
  sentAt: string;
}

export interface Subscriber {
  phone: string;
  idSuffix: string;
  inService: boolean;
}

/** `count` in-service subscribers with distinct, valid numbers and ID suffixes, from `start` on. */
export function makeSubscribers(count: number, start = 0, prefix = '139'): Subscriber[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return {
      phone: `${prefix}${String(n).padStart(8, '0')}`,
      idSuffix: `${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}${n % 11 === 10 ? 'X' : n % 10}`,
      inService: true,
    };
  });
}

/** A client of one running service: the public API plus the local-only routes. */
export class Journey {
  constructor(readonly baseUrl: string) {}

  async session(platform: 'h5' | 'weapp' | 'alipay' = 'h5', code?: string, device?: string): Promise<string> {
    const res = await call(this.baseUrl, 'POST', '/v1/sessions', {
      body: {
        platform,
        ...(code === undefined ? {} : { code }),
        ...(device === undefined ? {} : { device }),
      },
    });
    if (res.status !== 201) throw new Error(`session: ${res.status} ${res.text}`);
    return (res.json as { token: string }).token;
  }

  requestCode(token: string, phone: string): Promise<RawResponse> {
    return call(this.baseUrl, 'POST', '/v1/verification-codes', { token, body: { phone } });
  }

  submit(token: string, body: { phone: string; idSuffix: string; code: string }): Promise<RawResponse> {
    return call(this.baseUrl, 'POST', '/v1/queries', { token, body });
  }

  /** `POST /v1/sessions` with any body, answered as it comes. */
  rawSession(body: unknown): Promise<RawResponse> {
    return call(this.baseUrl, 'POST', '/v1/sessions', { body });
  }

  listQueries(token: string): Promise<RawResponse> {
    return call(this.baseUrl, 'GET', '/v1/queries', { token });
  }

  getQuery(token: string, queryId: string): Promise<RawResponse> {
    return call(this.baseUrl, 'GET', `/v1/queries/${encodeURIComponent(queryId)}`, { token });
  }

  async outbox(phone?: string): Promise<Sms[]> {
    const res = await call(this.baseUrl, 'GET', `/_local/outbox${phone ? `?phone=${phone}` : ''}`);
    if (res.status !== 200) throw new Error(`outbox: ${res.status} ${res.text}`);
    return (res.json as { messages: Sms[] }).messages;
  }

  async advanceClock(seconds: number): Promise<void> {
    const res = await call(this.baseUrl, 'POST', '/_local/clock', { body: { advanceSeconds: seconds } });
    if (res.status !== 200) throw new Error(`clock: ${res.status} ${res.text}`);
  }

  /** The verification codes the outbox shows for a number, oldest first. */
  async codesSent(phone: string): Promise<string[]> {
    return (await this.outbox(phone))
      .map((sms) => /验证码为(\d{6})/.exec(sms.text)?.[1])
      .filter((code): code is string => code !== undefined);
  }

  /** Requests a code and reads it from the outbox. */
  async freshCode(token: string, phone: string): Promise<string> {
    const before = (await this.codesSent(phone)).length;
    const res = await this.requestCode(token, phone);
    if (res.status !== 202) throw new Error(`code for ${phone.slice(0, 3)}…: ${res.status} ${res.text}`);
    const codes = await this.codesSent(phone);
    const code = codes[codes.length - 1];
    if (codes.length <= before || code === undefined) throw new Error('no code in the outbox');
    return code;
  }

  /** Session (a new h5 one unless given), code, submission: the accepted query's id and the token that may read it. */
  async accepted(
    subscriber: { phone: string; idSuffix: string },
    session?: string,
  ): Promise<{ token: string; queryId: string; res: RawResponse }> {
    const token = session ?? (await this.session());
    const code = await this.freshCode(token, subscriber.phone);
    const res = await this.submit(token, { phone: subscriber.phone, idSuffix: subscriber.idSuffix, code });
    if (res.status !== 202) throw new Error(`submit: ${res.status} ${res.text}`);
    return { token, queryId: (res.json as { queryId: string }).queryId, res };
  }

  /** Polls the outbox until `predicate` holds for the number's messages (no sleeping on a guess). */
  async waitForSms(
    phone: string,
    predicate: (messages: Sms[]) => boolean,
    timeoutMs = 120_000,
  ): Promise<Sms[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = await this.outbox(phone);
      if (predicate(messages)) return messages;
      if (Date.now() > deadline)
        throw new Error(`no matching SMS within ${timeoutMs} ms (${messages.length} messages)`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Polls until `read` returns something other than `undefined`. */
  waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    return waitFor(read, timeoutMs);
  }

  /** Polls the query until its status is final. */
  async waitForFinal(token: string, queryId: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.getQuery(token, queryId);
      const body = res.json as { status?: string };
      if (res.status === 200 && ['COMPLETED', 'REJECTED', 'FAILED'].includes(body.status ?? '')) {
        return res.json as Record<string, unknown>;
      }
      if (Date.now() > deadline) throw new Error(`query not final within ${timeoutMs} ms: ${res.text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Messages that are not verification codes: the replies. */
export const replies = (messages: Sms[]): Sms[] => messages.filter((sms) => !sms.text.includes('验证码为'));

/** Polls until `read` returns something other than `undefined` (no sleeping on a guess). */
export async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
