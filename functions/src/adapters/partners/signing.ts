import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestSigner } from '../../ports/partners.ts';

/** docs/api.md signing: hex(HMAC-SHA-256(secret, timestamp + "\n" + rawBody)), 300 s replay window. */
export const hmacSigner: RequestSigner = {
  sign(secret, timestamp, body) {
    return createHmac('sha256', secret).update(`${timestamp}\n${body}`, 'utf8').digest('hex');
  },
  verify(secret, timestamp, body, signature, nowSeconds) {
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
    if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
    const expected = Buffer.from(this.sign(secret, timestamp, body), 'hex');
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  },
};

export const TIMESTAMP_HEADER = 'x-occ-timestamp';
export const SIGNATURE_HEADER = 'x-occ-signature';

/** The two signing headers for a body at a time. */
export function signedHeaders(secret: string, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = String(nowSeconds);
  return {
    'content-type': 'application/json',
    'X-OCC-Timestamp': timestamp,
    'X-OCC-Signature': hmacSigner.sign(secret, timestamp, body),
  };
}
