import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningService, startService } from '@occ/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));

/** `npm run smoke -- …` as a maintainer types it, with its exit code and output. */
async function smoke(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run('npm', ['run', 'smoke', '--silent', '--', ...args], {
      cwd: REPO,
      timeout: 240_000,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('npm run smoke against the embedded default', () => {
  let service: RunningService;
  beforeAll(async () => {
    // The demo scenario: the same world as npm start and the sandbox stage, with its smoke block of numbers.
    service = await startService({ port: 0, dataDir: ':memory:', quiet: true });
  });
  afterAll(() => service?.close());

  it('passes: health (at the base and at the domain), an unknown route, and the whole journey through the outbox (code, submission, result SMS)', async () => {
    // The embedded default stands in for its own domain here; the broken service below shows the failure.
    const { code, output } = await smoke('--url', service.baseUrl, '--domain', service.baseUrl);
    expect(output).toMatch(/^ok {3}health:/m);
    expect(output).toContain(`ok   domain ${service.baseUrl}: GET /v1/health answered 200`);
    expect(output).toMatch(/^ok {3}unknown route: 404 NOT_FOUND$/m);
    expect(output).toMatch(
      /^ok {3}journey: code from the outbox, query [0-9a-f-]{36} accepted, result SMS: 【一证通查】尾号\d{4}关联互联网账号数：/m,
    );
    expect(output).toMatch(/^smoke: passed$/m);
    expect(code).toBe(0);
    // The journey really went through: the service holds the smoke number's query, completed.
    await service.idle();
    const queries = (await service.tableItems()).queries ?? [];
    expect(
      queries.some((query) => query.status === 'COMPLETED' && String(query.phoneMasked).startsWith('199')),
    ).toBe(true);
  });

  it('fails on a CORS origin the service does not allow', async () => {
    const { code, output } = await smoke('--url', service.baseUrl, '--origin', 'https://not-allowed.example');
    expect(output).toMatch(/^FAIL CORS https:\/\/not-allowed\.example: preflight allowed origin \(none\)$/m);
    expect(code).toBe(1);
  });
});

describe('npm run smoke against a broken service', () => {
  let broken: Server;
  beforeAll(async () => {
    broken = createServer((_request, response) =>
      response.writeHead(500).end('{"error":{"code":"INTERNAL_ERROR"}}'),
    );
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => broken.close(() => resolve())));

  it('exits 1 and says which check failed', async () => {
    const { code, output } = await smoke(
      '--url',
      `http://127.0.0.1:${(broken.address() as AddressInfo).port}`,
      '--domain',
      'http://127.0.0.1:9',
    );
    expect(output).toMatch(/^FAIL health: GET \/v1\/health answered 500, not 200/m);
    // A domain whose record, certificate or mapping is wrong: nothing answers there.
    expect(output).toMatch(/^FAIL domain http:\/\/127\.0\.0\.1:9: /m);
    expect(output).toMatch(/^smoke: 3 failed$/m);
    expect(code).toBe(1);
  });
});
