import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/index.ts';
import { Client, OWNER, start } from './support.ts';

describe('the /_local routes and the H5 build', () => {
  const h5Dir = mkdtempSync(join(tmpdir(), 'occ-h5-'));
  let service: RunningService;
  let client: Client;

  beforeAll(async () => {
    writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>H5 build</title>');
    writeFileSync(join(h5Dir, 'app.js'), 'console.log(1)');
    service = await start({ h5Dir });
    client = await new Client(service.baseUrl).login();
  });
  // A folder beside the build whose name starts with the build folder's name: outside it all the same.
  const sibling = `${h5Dir}-private`;
  afterAll(async () => {
    await service?.close();
    rmSync(h5Dir, { recursive: true, force: true });
    rmSync(sibling, { recursive: true, force: true });
  });

  it('lists sent SMS oldest first, filtered by a number in any accepted spelling', async () => {
    await client.requestCode(OWNER.phone);
    await client.requestCode('13600001001');
    const all = await client.outbox();
    expect(all.map((message) => message.to)).toEqual([OWNER.phone, '13600001001']);
    const response = await fetch(
      `${service.baseUrl}/_local/outbox?phone=${encodeURIComponent('+86 138-0013-8000')}`,
    );
    const filtered = (await response.json()) as { messages: Record<string, unknown>[] };
    expect(filtered.messages).toHaveLength(1);
    expect(filtered.messages[0]).toMatchObject({
      to: OWNER.phone,
      from: '10699000',
      segments: 1,
      sentAt: expect.any(String),
    });
  });

  it('shows the outbox as a page', async () => {
    const response = await fetch(`${service.baseUrl}/_local/outbox.html`);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('【一证通查】您的验证码为');
    expect(page).toContain('10699000');
  });

  it('moves the service clock forward and refuses a bad request', async () => {
    const before = Date.now();
    const moved = await fetch(`${service.baseUrl}/_local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 86_400 }),
    });
    expect(moved.status).toBe(200);
    const { now } = (await moved.json()) as { now: string };
    expect(Date.parse(now) - before).toBeGreaterThanOrEqual(86_400_000);
    for (const body of ['{"advanceSeconds":-5}', '{"advanceSeconds":"1"}', 'nope']) {
      expect((await fetch(`${service.baseUrl}/_local/clock`, { method: 'POST', body })).status).toBe(400);
    }
  });

  it('serves the H5 build at / with its assets, and the API beside it', async () => {
    const index = await fetch(`${service.baseUrl}/`);
    expect(await index.text()).toContain('H5 build');
    const asset = await fetch(`${service.baseUrl}/app.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    const deepLink = await fetch(`${service.baseUrl}/pages/home/index`);
    expect(await deepLink.text()).toContain('H5 build');
    const traversal = await fetch(`${service.baseUrl}/..%2f..%2fetc/passwd`);
    expect(await traversal.text()).toContain('H5 build');
    mkdirSync(sibling, { recursive: true });
    writeFileSync(join(sibling, 'secret.txt'), 'not for the browser');
    const siblingName = sibling.split('/').pop() ?? '';
    const beside = await fetch(`${service.baseUrl}/..%2f${siblingName}%2fsecret.txt`);
    expect(await beside.text()).toContain('H5 build');
    const malformed = await fetch(`${service.baseUrl}/%FF`);
    expect(malformed.status).toBe(200);
    expect(await malformed.text()).toContain('H5 build');
    expect((await fetch(`${service.baseUrl}/v1/health`)).status).toBe(200);
    for (const path of ['/', '/_local/outbox', '/_local/outbox.html', '/_local/nothing']) {
      expect((await fetch(`${service.baseUrl}${path}`)).headers.get('x-request-id')).toMatch(
        /^[A-Za-z0-9._-]{1,128}$/,
      );
    }
  });

  it.each([
    ['POST', '/_local/outbox', 'GET'],
    ['DELETE', '/_local/outbox.html', 'GET'],
    ['GET', '/_local/clock', 'POST'],
  ])('answers %s %s with 405 and the method it takes', async (method, path, allow) => {
    const response = await fetch(`${service.baseUrl}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });
});
