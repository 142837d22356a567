import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from './support/http.ts';
import { replies, waitFor } from './support/journey.ts';
import { findLookup, postCallback } from './support/partner.ts';
import { findPersonalData, serviceTexts } from './support/privacy.ts';
import { startTestService, type TestService, tencentByCallback } from './support/service.ts';

const PARALLEL = 20;

describe('races', () => {
  let t: TestService;
  const subscriber = (i: number) => {
    const s = t.subscribers[i];
    if (!s) throw new Error(`no subscriber ${i}`);
    return s;
  };

  beforeAll(async () => {
    t = await startTestService({
      subscribers: 24,
      // Tencent answers late, by callback, so the test can race its own callbacks against the workflow.
      scenario: tencentByCallback,
    });
  });
  afterAll(() => t?.service.close());

  it(`sends one SMS when ${PARALLEL} code requests for one number arrive at once`, async () => {
    // Prepare
    const { phone } = subscriber(0);
    const tokens = await Promise.all(Array.from({ length: PARALLEL }, () => t.journey.session()));

    // Act
    const responses = await Promise.all(tokens.map((token) => t.journey.requestCode(token, phone)));

    // Assess
    expect(responses.filter((res) => res.status === 202)).toHaveLength(1);
    expect(responses.filter((res) => res.status !== 202).map(errorCode)).toEqual(
      Array(PARALLEL - 1).fill('TOO_MANY_REQUESTS'),
    );
    expect(await t.journey.codesSent(phone)).toHaveLength(1);
  });

  it(`accepts one query and sends one reply when ${PARALLEL} submissions race`, async () => {
    // Prepare: one session asks for the code; the same submission is sent many times at once,
    // and the same code is also raced from other sessions.
    const { phone, idSuffix } = subscriber(1);
    const token = await t.journey.session();
    const code = await t.journey.freshCode(token, phone);
    const others = await Promise.all(Array.from({ length: 5 }, () => t.journey.session()));

    // Act
    const responses = await Promise.all([
      ...Array.from({ length: PARALLEL }, () => t.journey.submit(token, { phone, idSuffix, code })),
      ...others.map((other) => t.journey.submit(other, { phone, idSuffix, code })),
    ]);

    // Assess
    expect(responses.filter((res) => res.status >= 500)).toEqual([]);
    const accepted = responses.filter((res) => res.status === 202);
    expect(accepted).toHaveLength(1);
    const queryIds = new Set(
      responses.filter((res) => res.status < 300).map((res) => (res.json as { queryId: string }).queryId),
    );
    expect(queryIds.size).toBe(1);
    for (const res of responses.filter((r) => r.status >= 400)) {
      expect(['CODE_EXPIRED', 'QUERY_COOLDOWN', 'CODE_INCORRECT']).toContain(errorCode(res));
    }
    const [queryId] = [...queryIds];
    const items = await t.service.tableItems();
    expect((items.queries ?? []).filter((item) => item.queryId === queryId)).toHaveLength(1);
    expect((items.codes ?? []).filter((item) => item.queryId === queryId && item.cooldownUntil)).toHaveLength(
      1,
    );

    // Tencent is waiting for its callback: answer it so the reply goes out.
    const lookup = await waitFor(() => findLookup(t.service.tableItems, String(queryId), 'tencent'));
    expect(
      (await postCallback(t.service.baseUrl, 'tencent', { lookupId: lookup.lookupId, count: 1 })).status,
    ).toBe(204);
    const final = await t.journey.waitForFinal(token, String(queryId));
    expect(final.status).toBe('COMPLETED');
    await t.service.idle();
    expect(replies(await t.journey.outbox(phone))).toHaveLength(1);
  });

  it('counts concurrent and repeated partner callbacks once', async () => {
    // Prepare: a query whose Tencent lookup waits for a callback.
    const { phone } = subscriber(2);
    const { token, queryId } = await t.journey.accepted(subscriber(2));
    const lookup = await waitFor(() => findLookup(t.service.tableItems, queryId, 'tencent'));
    const result = {
      lookupId: String(lookup.lookupId),
      count: 3,
      apps: [
        { app: '微信', count: 2 },
        { app: 'QQ', count: 1 },
      ],
    };

    // Act: the same signed result, many times at once, then again after the query closed.
    const burst = await Promise.all(
      Array.from({ length: PARALLEL }, () => postCallback(t.service.baseUrl, 'tencent', result)),
    );
    const final = await t.journey.waitForFinal(token, queryId);
    await t.service.idle();
    const late = await postCallback(t.service.baseUrl, 'tencent', result);

    // Assess
    expect(burst.map((res) => res.status)).toEqual(Array(PARALLEL).fill(204));
    expect([204, 409]).toContain(late.status);
    expect(final.status).toBe('COMPLETED');
    const tencent = (final.companies as { id: string; status: string; count?: number }[]).find(
      (c) => c.id === 'tencent',
    );
    expect(tencent).toEqual({ id: 'tencent', status: 'DONE', count: 3 });
    const sent = replies(await t.journey.outbox(phone));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toMatch(/腾讯3[，。]/);
  });

  it('charges nothing to a number whose code request the session limit refused (session at 9 of 10, two new numbers at once)', async () => {
    // Prepare: a session that has had 9 codes today, each for a number of its own.
    const token = await t.journey.session();
    for (let i = 10; i < 19; i++)
      expect((await t.journey.requestCode(token, subscriber(i).phone)).status).toBe(202);
    const first = subscriber(19).phone;
    const second = subscriber(20).phone;

    // Act: its 10th and 11th code requests, for two new numbers, at once.
    const answers = await Promise.all([
      t.journey.requestCode(token, first),
      t.journey.requestCode(token, second),
    ]);

    // Assess: one code sent, one refused by the session limit; the refused number was charged
    // nothing: another session gets a code for it at once, and then four more within the hour.
    expect(answers.map((res) => res.status).sort()).toEqual([202, 429]);
    const refusedAt = answers.findIndex((res) => res.status === 429);
    const refused = refusedAt === 0 ? first : second;
    expect(answers.map(errorCode)[refusedAt]).toBe('TOO_MANY_REQUESTS');
    expect(await t.journey.codesSent(refused)).toEqual([]);
    for (let i = 0; i < 5; i++) {
      const res = await t.journey.requestCode(await t.journey.session(), refused);
      expect([i, res.status]).toEqual([i, 202]);
      await t.journey.advanceClock(61);
    }
    const sixth = await t.journey.requestCode(await t.journey.session(), refused);
    expect([sixth.status, errorCode(sixth)]).toEqual([429, 'TOO_MANY_REQUESTS']);
  });

  it('leaves no number, ID suffix or code in any table item or log line after the races', async () => {
    await t.service.idle();
    const outbox = await t.journey.outbox();
    const hits = findPersonalData(await serviceTexts(t.service), {
      phones: t.subscribers.map((s) => s.phone),
      idSuffixes: t.subscribers.map((s) => s.idSuffix),
      codes: outbox.flatMap((sms) => /验证码为(\d{6})/.exec(sms.text)?.[1] ?? []),
    });
    expect(hits).toEqual([]);
  });
});

/** Polls until `read` returns something (the workflow writes lookups shortly after the 202). */
