import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the simulated gateway took: what the phone receives, signature first. */
export interface GatewayMessage {
  phone: string;
  signName: string;
  templateCode: string;
  /** The registered template filled with the request's variables, as the phone shows it. */
  text: string;
  outId: string | undefined;
  bizId: string;
}

/** What the next request meets: a per-minute flow control refusal, or a message taken but answered late. */
export type GatewayBehaviour = { kind: 'throttle' } | { kind: 'slow'; answerAfterMs: number };

export interface AliyunSmsSimulation {
  /** `host:port` of the loopback endpoint, for the SDK's `endpoint`. */
  endpoint: string;
  /** Every message taken, oldest first (a repeat shows twice, as on a phone). */
  messages: GatewayMessage[];
  /** Requests received, taken or not. */
  requests: number;
  /** Behaviours for the next requests, one each; then requests are served normally. */
  script: GatewayBehaviour[];
  close(): Promise<void>;
}

const VARIABLE = /\$\{(\w+)\}/g;

/** RFC 3986 percent-encoding, as the ACS3 canonical query string uses it. */
const percent = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks an `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` header as
 * Alibaba Cloud's signature V3 scheme defines it: canonical request (method, path, sorted query,
 * the signed headers, the payload hash), its SHA-256 signed with HMAC-SHA-256 by the secret.
 */
function signatureHolds(request: IncomingMessage, url: URL, keys: Record<string, string>): boolean {
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
    String(request.headers.authorization ?? ''),
  );
  const secret = match ? keys[match[1] as string] : undefined;
  if (!match || !secret) return false;
  const signed = (match[2] as string).split(';');
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${percent(key)}=${percent(value)}`)
    .join('&');
  const headers = signed.map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
  const canonical = [
    request.method,
    url.pathname,
    query,
    headers,
    signed.join(';'),
    String(request.headers['x-acs-content-sha256'] ?? ''),
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', secret).update(stringToSign).digest();
  return timingSafeEqual(expected, Buffer.from(match[3] as string, 'hex'));
}

/**
 * A local stand-in for Alibaba Cloud SMS's `SendSms` (Dysmsapi 2017-05-25, RPC style, signature
 * V3), for tests of the domestic SMS adapter through the official SDK. It checks the signature, the
 * action, the registered signature name and template, the number and the template variables, and
 * answers as the gateway does: `200 {Code:"OK", BizId}` for a message taken, `200 {Code:"isv.…"}`
 * for a business refusal (the message is not sent), `4xx {Code}` for a request it cannot accept.
 */
export async function startAliyunSmsSimulation(options: {
  /** Access keys by id. */
  keys: Record<string, string>;
  signNames: string[];
  /** Registered templates by template code, in the `${name}` syntax. */
  templates: Record<string, string>;
}): Promise<AliyunSmsSimulation> {
  const state = { messages: [] as GatewayMessage[], requests: 0, script: [] as GatewayBehaviour[] };
  const answer = (response: ServerResponse, status: number, body: Record<string, unknown>) =>
    response
      .writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
      .end(JSON.stringify({ RequestId: randomUUID(), ...body }));

  const serve = (request: IncomingMessage, response: ServerResponse) => {
    state.requests++;
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (!signatureHolds(request, url, options.keys)) {
      return answer(response, 400, {
        Code: 'SignatureDoesNotMatch',
        Message: 'The request signature does not conform',
      });
    }
    if (request.headers['x-acs-action'] !== 'SendSms' || request.headers['x-acs-version'] !== '2017-05-25') {
      return answer(response, 404, { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found' });
    }
    const behaviour = state.script.shift();
    if (behaviour?.kind === 'throttle') {
      return answer(response, 200, {
        Code: 'isv.BUSINESS_LIMIT_CONTROL',
        Message: '触发分钟级流控Permits:1',
      });
    }
    const query = url.searchParams;
    const phone = query.get('PhoneNumbers') ?? '';
    const signName = query.get('SignName') ?? '';
    const templateCode = query.get('TemplateCode') ?? '';
    if (!/^1\d{10}$/.test(phone))
      return answer(response, 200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' });
    if (!options.signNames.includes(signName)) {
      return answer(response, 200, { Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: '该账号下找不到对应签名' });
    }
    const template = options.templates[templateCode];
    if (!template)
      return answer(response, 200, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '该账号下找不到对应模板' });
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(query.get('TemplateParam') ?? '{}') as Record<string, unknown>;
    } catch {
      return answer(response, 200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' });
    }
    const missing = [...template.matchAll(VARIABLE)].some(
      (variable) => typeof params[variable[1] as string] !== 'string',
    );
    if (missing)
      return answer(response, 200, { Code: 'isv.TEMPLATE_MISSING_PARAMETERS', Message: '模版缺少变量' });
    const bizId = `${Date.now()}^${randomUUID().slice(0, 8)}`;
    state.messages.push({
      phone,
      signName,
      templateCode,
      text: `【${signName}】${template.replace(VARIABLE, (_, key: string) => String(params[key]))}`,
      outId: query.get('OutId') ?? undefined,
      bizId,
    });
    const reply = () => answer(response, 200, { Code: 'OK', Message: 'OK', BizId: bizId });
    if (behaviour?.kind === 'slow') setTimeout(reply, behaviour.answerAfterMs).unref();
    else reply();
  };

  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => serve(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get messages() {
      return state.messages;
    },
    get requests() {
      return state.requests;
    },
    script: state.script,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
