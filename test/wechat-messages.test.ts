import { wechatSignature } from '@occ/functions/wechat/signature.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractViolation } from './support/contract.ts';
import { type RawRequest, type RawResponse, send } from './support/http.ts';
import { findPersonalData, serviceTexts } from './support/privacy.ts';
import { startTestService, type TestService } from './support/service.ts';

/**
 * `/v1/wechat/messages` under hostile input: forged, stale and replayed signatures, entity bombs,
 * DOCTYPEs, 1 MiB bodies, bodies that are not XML, every other method. Never a 5xx, never an
 * entity expanded, always the contract's error shape.
 */

const ROUTE = '/v1/wechat/messages';

function message(fields: Record<string, string>): string {
  const inner = Object.entries({
    ToUserName: 'gh_0ccl0ca1000a',
    FromUserName: 'oHostile',
    CreateTime: String(Math.floor(Date.now() / 1000)),
    ...fields,
  })
    .map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`)
    .join('');
  return `<xml>${inner}</xml>`;
}

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
).join(
  '',
)}]><xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content></xml>`;

describe('the WeChat message route under hostile input', () => {
  let t: TestService;
  const responses: { req: RawRequest; res: RawResponse }[] = [];

  /** A request signed as WeChat would sign it, `ageSeconds` ago (service clock = system clock here). */
  function signed(ageSeconds = 0, token = t.service.wechatMessageToken()): string {
    const timestamp = String(Math.floor(Date.now() / 1000) - ageSeconds);
    const nonce = String(Math.floor(Math.random() * 1e9));
    const signature = wechatSignature(token, timestamp, nonce);
    return `${ROUTE}?${new URLSearchParams({ signature, timestamp, nonce, openid: 'oHostile' })}`;
  }

  async function exchange(req: RawRequest): Promise<RawResponse> {
    const res = await send(t.service.baseUrl, req);
    responses.push({ req, res });
    return res;
  }

  const post = (path: string, body: string | Buffer) =>
    exchange({ method: 'POST', path, headers: { 'content-type': 'text/xml' }, body });
  const errorCode = (res: RawResponse) =>
    (res.json as { error?: { code?: string } } | undefined)?.error?.code;

  beforeAll(async () => {
    t = await startTestService({ subscribers: 1 });
  });
  afterAll(() => t?.service.close());

  it('answers a genuine push, so the refusals below are the checks and not a broken route', async () => {
    const res = await post(signed(), message({ MsgType: 'event', Event: 'subscribe' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(res.text).toContain('「政务服务」→「一证通查」');
  });

  it.each([
    ['no signature', () => `${ROUTE}?timestamp=1&nonce=2`],
    ['a signature made with another token', () => signed(0, 'not-the-token')],
    ['a replay 10 minutes old', () => signed(600)],
    ['a timestamp 10 minutes ahead', () => signed(-600)],
    ['a signature of the wrong length', () => `${signed()}`.replace(/signature=[0-9a-f]+/, 'signature=abc')],
  ])('refuses %s with 401 BAD_SIGNATURE, for GET and POST', async (_, path) => {
    const get = await exchange({ method: 'GET', path: `${path()}&echostr=12345` });
    const pushed = await post(path(), message({ MsgType: 'text', Content: '一证通查' }));
    expect([get.status, errorCode(get)]).toEqual([401, 'BAD_SIGNATURE']);
    expect([pushed.status, errorCode(pushed)]).toEqual([401, 'BAD_SIGNATURE']);
  });

  it('answers WeChat’s URL check with the echostr as plain text', async () => {
    const res = await exchange({ method: 'GET', path: `${signed()}&echostr=7305471926134508173` });
    expect([res.status, res.text, res.headers['content-type']]).toEqual([
      200,
      '7305471926134508173',
      'text/plain; charset=utf-8',
    ]);
  });

  it.each([
    ['a billion-laughs entity bomb', BILLION_LAUGHS],
    [
      'an external entity',
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${message({ MsgType: 'text', Content: '&e;' })}`,
    ],
    ['a DOCTYPE before a real message', `<!DOCTYPE xml>${message({ MsgType: 'text', Content: '一证通查' })}`],
    ['a 1 MiB body', message({ MsgType: 'text', Content: 'x'.repeat(1024 * 1024) })],
    ['JSON', '{"MsgType": "text", "Content": "一证通查"}'],
    ['HTML', '<html><body>一证通查</body></html>'],
    ['unclosed XML', '<xml><ToUserName>gh'],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x78, 0x00])],
    ['an empty body', ''],
  ])('refuses %s with 400 INVALID_REQUEST and expands nothing', async (_, body) => {
    const res = await post(signed(), body);

    expect([res.status, errorCode(res)]).toEqual([400, 'INVALID_REQUEST']);
    expect(res.text).not.toContain('lollol');
    expect(res.text).not.toContain('root:');
  });

  it('leaves an entity in a message as written: nothing is expanded, so it is no mention of 一证通查', async () => {
    const body = message({ MsgType: 'text', Content: 'x' }).replace(
      '<![CDATA[x]]>',
      '&#19968;&#35777;&#36890;&#26597;',
    );
    const res = await post(signed(), body);
    expect([res.status, res.text]).toEqual([200, 'success']);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s with 405 METHOD_NOT_ALLOWED', async (method) => {
    const res = await exchange({ method, path: signed(), body: message({ MsgType: 'text', Content: 'x' }) });
    expect([res.status, errorCode(res)]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('answers 300 generated bodies, signed and not, with 200, 400 or 401 and never a 5xx', async () => {
    const field = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('一证通查', ']]>', '&amp;', '<!DOCTYPE', '\u0000'),
    );
    const body = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc
        .dictionary(
          fc.constantFrom('ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'Event'),
          field,
        )
        .map(
          (fields) =>
            `<xml>${Object.entries(fields)
              .map(([k, v]) => `<${k}>${v}</${k}>`)
              .join('')}</xml>`,
        ),
    );
    const samples = fc.sample(fc.tuple(body, fc.boolean()), 300);
    for (const [text, genuine] of samples) {
      const res = await post(
        genuine ? signed() : `${ROUTE}?signature=${'0'.repeat(40)}&timestamp=1&nonce=1`,
        text,
      );
      expect([200, 400, 401]).toContain(res.status);
    }
  });

  it('kept the contract on every answer, and logged nothing a user wrote', async () => {
    const violations = responses
      .map(({ req, res }) => contractViolation(req, res))
      .filter((violation) => violation !== undefined);
    expect(violations).toEqual([]);
    const texts = await serviceTexts(t.service);
    expect(texts.some((entry) => entry.text.includes('oHostile'))).toBe(false);
    expect(findPersonalData(texts, { phones: [], idSuffixes: [], codes: [] })).toEqual([]);
  });
});
