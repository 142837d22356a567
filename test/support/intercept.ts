import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { coldStart } from '@occ/functions/composition.ts';

export interface Exchange {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Verdict =
  | { status: number; headers?: Record<string, string>; body: string }
  | 'forward'
  | 'forward-then-drop';

/**
 * Puts a loopback server between the handlers and one of their endpoints (an AWS_ENDPOINT_URL_*
 * variable, as on AWS), and starts the handlers cold so they pick it up. `decide` answers a request
 * itself (a throttle, a failure), forwards it, or forwards it and then drops the connection (the
 * work was done but the caller never hears so — a crash after the fact). `restore` undoes it.
 */
export async function interceptEndpoint(
  variable: string,
  decide: (exchange: Exchange) => Verdict,
): Promise<{ restore: () => Promise<void>; seen: Exchange[] }> {
  const target = process.env[variable];
  if (!target) throw new Error(`${variable} is not set`);
  const upstream = new URL(target);
  const seen: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const exchange = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      seen.push(exchange);
      const verdict = decide(exchange);
      if (verdict !== 'forward' && verdict !== 'forward-then-drop') {
        res.writeHead(verdict.status, verdict.headers ?? { 'content-type': 'text/xml' }).end(verdict.body);
        return;
      }
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upstreamRes) => {
          const parts: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => parts.push(chunk));
          upstreamRes.on('end', () => {
            if (verdict === 'forward-then-drop') {
              res.socket?.destroy();
              return;
            }
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers).end(Buffer.concat(parts));
          });
        },
      );
      out.on('error', () => res.socket?.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env[variable] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  coldStart();
  return {
    seen,
    restore: async () => {
      process.env[variable] = target;
      coldStart();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** An SNS query-protocol error answer. */
export function snsError(status: number, code: string): Verdict {
  return {
    status,
    body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
  };
}

/** Whether an SNS Publish carries a reply (not a verification code). */
export function isReplyPublish(exchange: Exchange): boolean {
  const form = new URLSearchParams(exchange.body);
  return form.get('Action') === 'Publish' && !(form.get('Message') ?? '').includes('验证码为');
}
