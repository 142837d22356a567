import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from './support/http.ts';
import { startTestService, subscriberSupply, type TestService } from './support/service.ts';

const DEVICE = 'browser-device-secret_0123456789abcdef';

type Listed = { queries: { queryId: string; status: string; phoneMasked: string }[] };

describe('a user across sessions', () => {
  let t: TestService;
  const fresh = subscriberSupply(() => t);

  beforeAll(async () => {
    t = await startTestService({ subscribers: 10 });
  });
  afterAll(() => t?.service.close());

  it('shows an h5 query to a later session of the same device, in its list and by id, and to no other device', async () => {
    const subscriber = fresh();
    const first = await t.journey.session('h5', undefined, DEVICE);
    const { queryId } = await t.journey.accepted(subscriber, first);

    const later = await t.journey.session('h5', undefined, DEVICE);
    const other = await t.journey.session('h5', undefined, `${DEVICE}-other`);
    const anonymous = await t.journey.session();

    expect((await t.journey.getQuery(later, queryId)).status).toBe(200);
    const listed = (await t.journey.listQueries(later)).json as Listed;
    expect(listed.queries.map((query) => query.queryId)).toEqual([queryId]);
    expect(listed.queries[0]).toMatchObject({
      phoneMasked: `${subscriber.phone.slice(0, 3)}****${subscriber.phone.slice(-4)}`,
    });
    for (const stranger of [other, anonymous]) {
      const res = await t.journey.getQuery(stranger, queryId);
      expect([res.status, errorCode(res)]).toEqual([404, 'QUERY_NOT_FOUND']);
      expect(((await t.journey.listQueries(stranger)).json as Listed).queries).toEqual([]);
    }
  });

  it('shows a WeChat user every query of theirs from any session, newest first', async () => {
    const [a, b] = [fresh(), fresh()];
    const ids: string[] = [];
    for (const subscriber of [a, b]) {
      const token = await t.journey.session('weapp', 'wx-user-1');
      ids.push((await t.journey.accepted(subscriber, token)).queryId);
    }
    const later = await t.journey.session('weapp', 'wx-user-1');
    const listed = (await t.journey.listQueries(later)).json as Listed;
    expect(listed.queries.map((query) => query.queryId)).toEqual([...ids].reverse());
    const alipaySameCode = await t.journey.session('alipay', 'wx-user-1');
    expect(((await t.journey.listQueries(alipaySameCode)).json as Listed).queries).toEqual([]);
  });

  it('answers the list without a token with 401, and a malformed device with 400 INVALID_REQUEST', async () => {
    const list = await t.journey.listQueries('');
    expect([list.status, errorCode(list)]).toEqual([401, 'UNAUTHORIZED']);
    for (const device of ['short', 'x'.repeat(129), `${'a'.repeat(32)}=`, '设'.repeat(40)]) {
      const res = await t.journey.rawSession({ platform: 'h5', device });
      expect([res.status, errorCode(res)]).toEqual([400, 'INVALID_REQUEST']);
    }
  });
});
