import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MalformedAnswerError } from '../failure.ts';

/** Connections kept open between calls, as a Lambda instance makes many to the same host. */
const agents = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/** The largest answer read; a longer one is an error (the peers this serves answer a few bytes). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * `POST` of a body to `url` with node:http(s) and a keep-alive agent; resolves the status and the
 * answer as text, rejects on a network failure (the socket's error, code and all), on `timeoutMs`
 * passing before the whole answer (`AbortError`), or on an answer over 64 KiB
 * (`MalformedAnswerError`): `failureKind` tells them apart. Our own rather than `fetch`: on Node 20 undici's fetch costs several
 * times the CPU of a plain request for these small JSON calls (`npm run bench:profile`).
 */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: secure ? agents.https : agents.http,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) response.destroy(new MalformedAnswerError());
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
