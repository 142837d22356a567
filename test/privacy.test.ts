import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/http.ts';
import { replies, waitFor } from './support/journey.ts';
import { closePartner, findLookup, postCallback, standInPartner } from './support/partner.ts';
import { findPersonalData, serviceTexts } from './support/privacy.ts';
import {
  startTestService,
  subscriberSupply,
  type TestService,
  tencentByCallback,
} from './support/service.ts';

describe('personal data', () => {
  let t: TestService;
  let partner: Server;
  const partnerBodies: string[] = [];
  const errorBodies: { source: string; text: string }[] = [];
  const fresh = subscriberSupply(() => t);

  beforeAll(async () => {
    t = await startTestService({
      subscribers: 10,
      scenario: tencentByCallback,
    });
    // JD is answered by a recording partner, to see exactly what a company receives.
    partner = await standInPartner('jd', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        partnerBodies.push(body);
        const { lookupId } = JSON.parse(body) as { lookupId: string };
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ lookupId, count: 1 }));
      });
    });
  });
  afterAll(async () => {
    await t?.service.close();
    await closePartner(partner);
  });

  it('shows no count before the query is complete, and the masked number only', async () => {
    const subscriber = fresh();
    const { token, queryId, res } = await t.journey.accepted(subscriber);
    const lookup = await waitFor(() => findLookup(t.service.tableItems, queryId, 'tencent'));
    const during = await t.journey.waitFor(async () => {
      const view = await t.journey.getQuery(token, queryId);
      const companies = (view.json as { companies?: { status: string }[] }).companies ?? [];
      return companies.some((c) => c.status === 'DONE') ? view : undefined;
    });

    expect(res.text).not.toContain(subscriber.phone);
    expect(res.text).not.toContain(subscriber.idSuffix);
    expect((res.json as { phoneMasked: string }).phoneMasked).toBe(
      `${subscriber.phone.slice(0, 3)}****${subscriber.phone.slice(7)}`,
    );
    expect((during.json as { status: string }).status).not.toBe('COMPLETED');
    expect(during.text).not.toMatch(/"count"/);
    expect(during.text).not.toContain(subscriber.phone);

    await postCallback(t.service.baseUrl, 'tencent', { lookupId: lookup.lookupId, count: 2 });
    const final = await t.journey.waitForFinal(token, queryId);
    expect(JSON.stringify(final)).toMatch(/"count":2/);
  });

  it('gives a company the number and never the ID suffix', async () => {
    const subscriber = fresh();
    const { queryId } = await t.journey.accepted(subscriber);
    await t.journey.waitFor(async () =>
      partnerBodies.some((body) => body.includes(subscriber.phone)) ? true : undefined,
    );

    const body = partnerBodies.find((b) => b.includes(subscriber.phone)) ?? '';
    expect(Object.keys(JSON.parse(body)).sort()).toEqual(['lookupId', 'phone', 'requestedAt']);
    expect(body).not.toContain(subscriber.idSuffix);
    expect(body).not.toContain(queryId);
    // Let the query finish, so that it holds nothing up.
    const lookup = await waitFor(() => findLookup(t.service.tableItems, queryId, 'tencent'));
    await postCallback(t.service.baseUrl, 'tencent', { lookupId: lookup.lookupId, count: 0 });
  });

  it('erases the stored number once the reply is sent, and stores no ID suffix or code at all', async () => {
    const subscriber = fresh();
    const { token, queryId } = await t.journey.accepted(subscriber);
    const lookup = await waitFor(() => findLookup(t.service.tableItems, queryId, 'tencent'));
    const before = ((await t.service.tableItems()).queries ?? []).find((q) => q.queryId === queryId) ?? {};
    await postCallback(t.service.baseUrl, 'tencent', { lookupId: lookup.lookupId, count: 0 });
    await t.journey.waitForFinal(token, queryId);
    await t.service.idle();
    const after = ((await t.service.tableItems()).queries ?? []).find((q) => q.queryId === queryId) ?? {};

    const sealed = Object.keys(before).filter((key) => /phone/i.test(key) && !/hash|masked/i.test(key));
    expect(sealed.length).toBeGreaterThan(0); // the ciphertext exists until the reply goes out…
    for (const key of sealed) expect(after).not.toHaveProperty(key); // …and not after
    expect(replies(await t.journey.outbox(subscriber.phone))).toHaveLength(1);
  });

  it('puts every item under an expiry', async () => {
    for (const [table, items] of Object.entries(await t.service.tableItems())) {
      for (const item of items)
        expect({ table, expiresAt: typeof item.expiresAt }).toEqual({ table, expiresAt: 'number' });
    }
  });

  it('keeps numbers, ID suffixes and codes out of tables, logs and error bodies after wrong, odd and repeated input', async () => {
    // Act: the inputs a confused or hostile user sends, all with real personal data in them.
    for (const subscriber of fresh.rest()) {
      const token = await t.journey.session();
      const code = await t.journey.freshCode(token, subscriber.phone);
      const attempts = [
        { phone: subscriber.phone, idSuffix: subscriber.idSuffix, code: '000000' },
        { phone: `+86 ${subscriber.phone}`, idSuffix: subscriber.idSuffix.toLowerCase(), code: 'abcdef' },
        { phone: subscriber.phone, idSuffix: `${subscriber.idSuffix}0`, code },
        { phone: subscriber.phone, idSuffix: subscriber.idSuffix, code, extra: subscriber.phone },
        { phone: `${subscriber.phone}9`, idSuffix: subscriber.idSuffix, code },
      ];
      for (const body of attempts) {
        const res = await call(t.service.baseUrl, 'POST', '/v1/queries', { token, body });
        if (res.status >= 400) errorBodies.push({ source: `error body ${res.status}`, text: res.text });
      }
      const again = await t.journey.requestCode(token, subscriber.phone);
      if (again.status >= 400) errorBodies.push({ source: `error body ${again.status}`, text: again.text });
    }
    await t.service.idle();

    // Assess
    const outbox = await t.journey.outbox();
    const hits = findPersonalData([...(await serviceTexts(t.service)), ...errorBodies], {
      phones: t.subscribers.map((s) => s.phone),
      idSuffixes: t.subscribers.map((s) => s.idSuffix),
      codes: outbox.flatMap((sms) => /验证码为(\d{6})/.exec(sms.text)?.[1] ?? []),
    });
    expect(errorBodies.length).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });
});
