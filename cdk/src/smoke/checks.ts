/**
 * What `npm run smoke` checks over HTTP, against any running One Card Check: a deployed stage or
 * the embedded default. Each check gives a result; the run passes only when none failed.
 */
export type Outcome = 'ok' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  outcome: Outcome;
  detail: string;
}

export interface SmokeTarget {
  /** The API base, without `/v1` (ApiUrl on AWS, the printed URL of `npm start`). */
  baseUrl: string;
  /**
   * The stage's custom domain (`https://<domain>`), which the apps call: health is checked there too,
   * since `baseUrl` (the execute-api host) answers even when the domain's DNS record, certificate or
   * mapping is wrong. None: not checked.
   */
  domainUrl?: string;
  /** Origins CORS must allow (the stage's H5 origins); none: the check is skipped. */
  origins: string[];
  /**
   * Where the sent SMS can be read by number: `<outbox>?phone=…` answering `{ messages: [...] }`
   * (the sandbox stage's OutboxUrl, the embedded default's `/_local/outbox`); none: no journey.
   */
  outboxUrl?: string;
  /** A subscriber the target's simulated carrier knows: a fresh number per run, with its ID suffix. */
  subscriber?: { phone: string; idSuffix: string };
  /** How long the whole journey may take before the result SMS must be in the outbox. */
  journeyTimeoutMs?: number;
}

const REQUEST_TIMEOUT_MS = 15_000;

async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text for the detail line.
  }
  return { status: response.status, headers: response.headers, body };
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function check(name: string, run: () => Promise<string>): Promise<CheckResult> {
  try {
    return { name, outcome: 'ok', detail: await run() };
  } catch (error) {
    return { name, outcome: 'fail', detail: error instanceof Error ? error.message : String(error) };
  }
}

function expectStatus(what: string, got: { status: number; body: unknown }, wanted: number): void {
  if (got.status !== wanted) {
    throw new Error(
      `${what} answered ${got.status}, not ${wanted}: ${JSON.stringify(got.body).slice(0, 200)}`,
    );
  }
}

/** Polls `look` until it returns a value or `timeoutMs` passes. */
async function waitFor<T>(what: string, timeoutMs: number, look: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`${what} did not arrive within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The HTTP checks: health, an unknown route, CORS, and where an outbox exists the whole journey. */
export async function httpChecks(target: SmokeTarget): Promise<CheckResult[]> {
  const base = target.baseUrl.replace(/\/+$/, '');
  const results: CheckResult[] = [];
  const healthAt = (root: string) => async () => {
    const health = await call(`${root}/v1/health`);
    expectStatus('GET /v1/health', health, 200);
    if ((health.body as { status?: string })?.status !== 'ok')
      throw new Error(`health said ${JSON.stringify(health.body)}`);
    return 'GET /v1/health answered 200 {"status":"ok"}';
  };
  results.push(await check('health', healthAt(base)));
  if (target.domainUrl) {
    const domain = target.domainUrl.replace(/\/+$/, '');
    results.push(await check(`domain ${domain}`, healthAt(domain)));
  }
  results.push(
    await check('unknown route', async () => {
      const unknown = await call(`${base}/v1/smoke-no-such-route`);
      expectStatus('GET /v1/smoke-no-such-route', unknown, 404);
      const code = (unknown.body as { error?: { code?: string } })?.error?.code;
      if (code !== 'NOT_FOUND') throw new Error(`an unknown route answered code ${code}, not NOT_FOUND`);
      return '404 NOT_FOUND';
    }),
  );
  if (target.origins.length === 0) {
    results.push({ name: 'CORS', outcome: 'skip', detail: 'no origin to check (give --origin)' });
  }
  for (const origin of target.origins) {
    results.push(
      await check(`CORS ${origin}`, async () => {
        const preflight = await call(`${base}/v1/verification-codes`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
        const allowed = preflight.headers.get('access-control-allow-origin');
        if (allowed !== origin && allowed !== '*')
          throw new Error(`preflight allowed origin ${allowed ?? '(none)'}`);
        return `preflight allows ${origin}`;
      }),
    );
  }
  if (!target.outboxUrl || !target.subscriber) {
    results.push({ name: 'journey', outcome: 'skip', detail: 'no outbox: SMS go to real phones here' });
    return results;
  }
  results.push(await check('journey', () => journey(base, target)));
  return results;
}

/** Code from the outbox, submission, and the result SMS in the outbox. */
async function journey(base: string, target: SmokeTarget): Promise<string> {
  const { phone, idSuffix } = target.subscriber as { phone: string; idSuffix: string };
  const timeoutMs = target.journeyTimeoutMs ?? 120_000;
  const outbox = async () => {
    const url = new URL(target.outboxUrl as string);
    url.searchParams.set('phone', phone);
    const listed = await call(url.href);
    expectStatus('the outbox', listed, 200);
    return ((listed.body as { messages?: { text: string }[] })?.messages ?? []).map(
      (message) => message.text,
    );
  };
  const session = await call(`${base}/v1/sessions`, json({ platform: 'h5' }));
  expectStatus('POST /v1/sessions', session, 201);
  const token = (session.body as { token?: string })?.token;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const requested = await call(`${base}/v1/verification-codes`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ phone }),
  });
  expectStatus('POST /v1/verification-codes', requested, 202);
  const code = await waitFor('the verification code SMS', timeoutMs, async () => {
    for (const text of await outbox()) {
      const found = /验证码为(\d{6})/.exec(text)?.[1];
      if (found) return found;
    }
    return undefined;
  });
  const submitted = await call(`${base}/v1/queries`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ phone, idSuffix, code }),
  });
  expectStatus('POST /v1/queries', submitted, 202);
  const queryId = (submitted.body as { queryId?: string })?.queryId;
  const reply = await waitFor('the result SMS', timeoutMs, async () =>
    // The result, a partial result, or the news that the query was unsuccessful (shared/src/sms.ts).
    (await outbox()).find((text) => /关联互联网账号|暂时无法查询|查询未成功/.test(text)),
  );
  return `code from the outbox, query ${queryId} accepted, result SMS: ${reply}`;
}

/** One line per check, then the verdict. */
export function formatResults(results: CheckResult[]): string {
  const mark: Record<Outcome, string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };
  const failed = results.filter((result) => result.outcome === 'fail').length;
  return [
    ...results.map((result) => `${mark[result.outcome]} ${result.name}: ${result.detail}`),
    failed === 0 ? 'smoke: passed' : `smoke: ${failed} failed`,
  ].join('\n');
}
