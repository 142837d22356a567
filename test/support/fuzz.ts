import fc from 'fast-check';
import type { RawRequest } from './http.ts';

/**
 * Generators of hostile requests for every route of the public API and the partner callback:
 * malformed JSON, wrong types, huge and deeply nested bodies, unicode and control characters,
 * injection strings, prototype keys, odd ids and odd headers. `tokens` are live session tokens the
 * generators may use, so that requests also reach the checks behind authentication; `ids` are ids
 * the service really issued, from which look-alikes are made.
 */

/** Strings that have broken parsers, databases, templates and shells. */
export const INJECTIONS = [
  "' OR '1'='1",
  '"; DROP TABLE queries; --',
  '{"$ne": null}',
  // A template-injection probe, on purpose not a template literal.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the probe
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\r\nSet-Cookie: a=b',
  '$(reboot)',
  '`id`',
  'attribute_not_exists(pk)',
  ':phone',
  '#name',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '\uFEFF13800138000',
  '１３８００１３８０００',
  '+86 138-0013-8000',
  '8613800138000',
  '138001380001',
  '\u202E00831008313',
  '😀'.repeat(40),
  'A'.repeat(5000),
] as const;

const weirdString = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u2028', '\uD800', '\uDFFF'),
    maxLength: 20,
  }),
  fc.stringMatching(/^[0-9 +-]{0,20}$/),
  fc.stringMatching(/^1[3-9]\d{9}$/),
  fc.stringMatching(/^(0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]$/),
  fc.stringMatching(/^\d{6}$/),
);

/** Any JSON value, including ones nested deeper than a sane parser should walk. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: weirdString },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => nest(depth)) },
);

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const FIELDS = ['phone', 'idSuffix', 'code', 'platform', 'lookupId', 'count', 'apps'] as const;

/** An object with some of the real fields (right or wrong types) and perhaps extra or prototype keys. */
const shapedObject = fc
  .record(
    {
      fields: fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(weirdString, anyJson), { maxKeys: 5 }),
      extra: fc.dictionary(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''),
          fc.string(),
        ),
        anyJson,
        { maxKeys: 2 },
      ),
      platform: fc.constantFrom('weapp', 'alipay', 'h5', 'WEAPP', 'ios', undefined),
    },
    { requiredKeys: ['fields'] },
  )
  .map(({ fields, extra, platform }) => {
    // JSON text with own `__proto__` keys, which an object literal cannot carry.
    const parts = Object.entries(fields).map(
      ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`,
    );
    for (const [k, v] of Object.entries(extra ?? {}))
      parts.push(`${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
    if (platform !== undefined) parts.push(`"platform":${JSON.stringify(platform)}`);
    return `{${parts.join(',')}}`;
  });

/** A body as raw text: malformed, of the wrong kind, huge, nested, or nearly right. */
const bodyText: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '{',
      '{"phone":',
      'null',
      'true',
      '[]',
      '"x"',
      '1',
      '{}',
      '{"a":1,}',
      "{'phone':'1'}",
      '\uFEFF{}',
      '{"phone":"13800138000"}{"x":1}',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 3, arbitrary: anyJson.map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 6, arbitrary: shapedObject },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 4000, max: 200_000 }).map((size) => `{"phone":"${'1'.repeat(size)}"}`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 50_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  },
);

/** Look-alike spellings of an issued id (a lower-case UUID v4): each one character or one habit away. */
const LOOK_ALIKES: readonly ((id: string) => string)[] = [
  (id) => id.toUpperCase(),
  (id) => id.replace(/a/, '\u0430'), // Cyrillic а
  (id) => id.replace(/e/, '\u0435'), // Cyrillic е
  (id) => id.replace(/0/, '\uFF10'), // full-width ０
  (id) => id.replace(/-/, '\u2010'), // hyphen U+2010
  (id) => id.replace(/-/g, ''),
  (id) => `{${id}}`,
  (id) => `urn:uuid:${id}`,
  (id) => ` ${id}`,
  (id) => `${id}\u200B`,
  (id) => `${id}\n`,
  (id) => `${id}\u0000`,
  (id) => `${id}a`,
  (id) => id.slice(0, -1),
  (id) => `${id.slice(0, 14)}1${id.slice(15)}`, // version 1, not 4
  (id) => `${id.slice(0, 19)}c${id.slice(20)}`, // variant out of range
  (id) => `${id}/${id}`,
  (id) => `${id}%`,
];

/**
 * Ids as a hostile caller writes them (raw, not yet encoded for a path): look-alikes of real and
 * random ids, very long ones (around DynamoDB's 2,048-byte key limit and twice past it), multi-byte
 * ones, ones made of control characters, and lone surrogates. Lengths stay within what reaches a
 * function at all: API Gateway answers a request line and headers over 10 KiB itself (as Node's
 * server does past 16 KiB, without our request id).
 */
export function hostileId(ids: readonly string[] = []): fc.Arbitrary<string> {
  const base =
    ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), fc.uuid({ version: 4 })) : fc.uuid({ version: 4 });
  return fc.oneof(
    // A change that finds nothing to change (no "e" to swap) would give the real id back: never that.
    fc
      .tuple(base, fc.constantFrom(...LOOK_ALIKES))
      .map(([id, change]) => (change(id) === id ? `${id}0` : change(id))),
    fc.constantFrom(2047, 2048, 2049, 4096).map((length) => 'a'.repeat(length)),
    fc.integer({ min: 37, max: 4000 }).map((length) => 'f'.repeat(length)),
    fc.string({ unit: fc.constantFrom('中', '文', '😀', 'é', '\u0301', 'ß'), minLength: 1, maxLength: 400 }),
    fc.string({
      unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
      minLength: 1,
      maxLength: 40,
    }),
    fc.constantFrom('\uD800', '\uDFFF', 'a\uD800b', '\u0000'.repeat(36)),
  );
}

/** A path segment for any string: percent-encoded, or as it is when it cannot be (lone surrogates). */
export function pathSegment(raw: string): string {
  try {
    return encodeURIComponent(raw);
  } catch {
    return raw.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80');
  }
}

/** Path segments that ids should never be: empty-ish, encoded, traversing, huge, unicode. */
export const oddId = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '%00',
    '%',
    '%E0%A4%A',
    '%FF',
    '%uD800',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '0',
    '-1',
    '1e309',
    '%20',
    '%0D%0A',
    'a'.repeat(2000),
    encodeURIComponent('😀'),
    encodeURIComponent("' OR 1=1 --"),
  ),
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

const routeWith = (ids: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(
      '/v1/health',
      '/v1/sessions',
      '/v1/companies',
      '/v1/verification-codes',
      '/v1/queries',
      '/',
      '/v1',
      '/v1/',
      '/v2/queries',
      '/v1/queries/',
      '/V1/HEALTH',
      '/v1/health/',
      '//v1/health',
      '/v1/partners',
      '/v1/partners/tencent/results/extra',
    ),
    oddId.map((id) => `/v1/queries/${id}`),
    hostileId(ids).map((id) => `/v1/queries/${pathSegment(id)}`),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('tencent', 'alipay', 'jd', 'unknown'),
          oddId,
          hostileId(['tencent', 'alipay']).map(pathSegment),
        ),
        fc.constant('results'),
      )
      .map(([company, tail]) => `/v1/partners/${company}/${tail}`),
  );

const query = fc.oneof(
  { weight: 5, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?',
      '?a=1',
      '?phone=13800138000',
      '?__proto__[x]=1',
      '?%',
      `?${'x'.repeat(3000)}`,
    ),
  },
);

/**
 * Header values that HTTP/1.1 can frame (no CR, LF, NUL or other control character but tab; bytes
 * above 0x7f as Latin-1), still hostile: long, tabbed, 8-bit, injection strings.
 */
const headerText = fc
  .oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
    fc.string({
      unit: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
      maxLength: 60,
    }),
    fc.constantFrom('\tBearer\t', 'a\tb', 'x'.repeat(2049), 'é'.repeat(500)),
    fc.constantFrom(...INJECTIONS.filter((s) => !/[\r\n\0]/.test(s) && /^[\x20-\x7e]*$/.test(s))),
  )
  .map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, ''));

/**
 * Bodies of the right shape with one hostile value where the service looks something up: a
 * callback's `lookupId` (signed, it reaches the look-up), a session's login code or device.
 */
function nearlyRight(ids: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.record({ lookupId: hostileId(ids), count: fc.nat(20) }),
      fc.record({ platform: fc.constantFrom('weapp', 'alipay'), code: hostileId() }),
      fc.record({ platform: fc.constant('h5'), device: hostileId() }),
    )
    .map((body) => JSON.stringify(body));
}

/** Signs a partner callback body as the named company would (for requests that should pass the signature check). */
export type CallbackSigner = (companyId: string, body: string) => Record<string, string> | undefined;

export function hostileRequest(
  tokens: readonly string[],
  signer?: CallbackSigner,
  ids: readonly string[] = [],
): fc.Arbitrary<RawRequest> {
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...tokens).map((token) => `Bearer ${token}`),
    fc.constantFrom(...tokens).map((token) => `Bearer ${tamper(token)}`),
    headerText,
    headerText.map((value) => `Bearer ${value}`),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', `Bearer ${'a'.repeat(4000)}`, 'bearer x.y.z'),
  );
  return fc
    .record({
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
        { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE') },
      ),
      path: routeWith(ids),
      query,
      authorization,
      contentType: fc.constantFrom(
        undefined,
        'application/json',
        'text/plain',
        'application/json; charset=latin1',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
      ),
      requestId: fc.option(headerText, { nil: undefined }),
      acceptLanguage: fc.option(
        fc.oneof(headerText, fc.constantFrom('en', 'zh-CN', 'fr, en;q=0.5', '*', ',,,;;;')),
        { nil: undefined },
      ),
      timestamp: fc.option(fc.oneof(headerText, fc.integer().map(String)), { nil: undefined }),
      signature: fc.option(fc.oneof(headerText, fc.stringMatching(/^[0-9a-f]{64}$/)), { nil: undefined }),
      body: fc.oneof({ weight: 4, arbitrary: bodyText }, { weight: 1, arbitrary: nearlyRight(ids) }),
      signed: fc.boolean(),
    })
    .map((r) => {
      const headers: Record<string, string> = {};
      if (r.authorization !== undefined) headers.authorization = r.authorization;
      if (r.contentType !== undefined) headers['content-type'] = r.contentType;
      if (r.requestId !== undefined) headers['x-request-id'] = r.requestId;
      if (r.acceptLanguage !== undefined) headers['accept-language'] = r.acceptLanguage;
      if (r.timestamp !== undefined) headers['x-occ-timestamp'] = r.timestamp;
      if (r.signature !== undefined) headers['x-occ-signature'] = r.signature;
      // Half of the callbacks to a real company carry a valid signature, so hostile bodies reach
      // the checks that sit behind the signature check.
      const company = /^\/v1\/partners\/([a-z]+)\/results$/.exec(r.path)?.[1];
      if (signer && r.signed && company) Object.assign(headers, signer(company, r.body ?? ''));
      return {
        method: r.method,
        path: `${r.path}${r.query}`,
        headers,
        ...(r.body === undefined ? {} : { body: r.body }),
      };
    })
    .filter(reachesAFunction);
}

/**
 * API Gateway (HTTP API) answers a request whose request line and headers exceed 10,240 bytes
 * itself, and Node's server past 16 KiB, neither with our request id: such requests never reach a
 * handler, so the contract of our answers does not apply to them. Header values count as Latin-1.
 */
const GATEWAY_HEADER_LIMIT = 10_240;
function reachesAFunction(request: RawRequest): boolean {
  let size = Buffer.byteLength(`${request.method} ${request.path} HTTP/1.1\r\n`);
  for (const [name, value] of Object.entries(request.headers ?? {}))
    size += name.length + 4 + Buffer.byteLength(value, 'latin1');
  return size <= GATEWAY_HEADER_LIMIT;
}

/** The same token with one character changed: a forged or corrupted signature. */
export function tamper(token: string): string {
  if (token.length === 0) return 'x';
  const at = Math.max(token.length - 2, 0);
  const char = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + char + token.slice(at + 1);
}
