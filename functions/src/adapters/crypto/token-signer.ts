import { createHash, webcrypto } from 'node:crypto';
import type { Platform } from '@occ/shared';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { TokenSigner } from '../../ports/tokens.ts';
import { keyBytes } from './keyring.ts';

const PLATFORMS: readonly Platform[] = ['weapp', 'alipay', 'h5'];
const ISSUER = 'one-card-check';
const AUDIENCE = 'one-card-check-api';
const SUBJECT = /^[0-9a-f]{32}$/;

/**
 * The token key secret: one key (any string), or, to rotate without logging anyone out, JSON
 * `{"current": "<kid>", "keys": {"<kid>": "<key>", ...}}`: tokens are signed with the current key and
 * verified with whichever key their `kid` names. Rotate by adding a key and making it current, then
 * drop the old one once the last token it signed has expired (two hours).
 */
export function parseTokenKeys(secret: string): { current: string; keys: Map<string, Uint8Array> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && 'keys' in parsed) {
    const { current, keys } = parsed as { current?: unknown; keys?: unknown };
    if (typeof current !== 'string' || typeof keys !== 'object' || keys === null)
      throw new Error('token key secret: expected {"current", "keys"}');
    const map = new Map<string, Uint8Array>();
    for (const [kid, key] of Object.entries(keys)) {
      if (typeof key !== 'string' || key === '') throw new Error(`token key secret: key ${kid} is empty`);
      map.set(kid, keyBytes(key));
    }
    if (!map.has(current)) throw new Error('token key secret: the current key is not among the keys');
    return { current, keys: map };
  }
  const key = keyBytes(secret);
  // A single key names itself: the first 8 bytes of its SHA-256, so a later JSON secret can keep it.
  const kid = createHash('sha256').update(key).digest('base64url').slice(0, 11);
  return { current: kid, keys: new Map([[kid, key]]) };
}

/**
 * Session tokens as standard JWTs (RFC 7519), HS256 (RFC 7518 §3.2), made and checked with `jose`:
 * header `kid` names the key; claims `iss`, `aud`, `sub` (the user id), `plt` (platform), `iat`, `exp`.
 * Verification accepts HS256 only, with the expected issuer and audience, at the service clock's time.
 */
export function createTokenSigner(secret: string): TokenSigner {
  const { current, keys: raw } = parseTokenKeys(secret);
  // Each key is imported once: given bytes, jose imports a WebCrypto key on every sign and verify.
  const keys = new Map(
    [...raw].map(([kid, bytes]) => [
      kid,
      webcrypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
    ]),
  );
  const currentKey = keys.get(current) as Promise<webcrypto.CryptoKey>;
  return {
    async issue(claims, now) {
      return new SignJWT({ plt: claims.platform })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: current })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(claims.userId)
        .setIssuedAt(now)
        .setExpirationTime(claims.exp)
        .sign(await currentKey);
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            const key = header.kid === undefined ? undefined : keys.get(header.kid);
            if (!key) throw new errors.JWKSNoMatchingKey();
            return key;
          },
          { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: now },
        );
        const { sub, plt, exp } = payload;
        if (typeof sub !== 'string' || !SUBJECT.test(sub) || typeof exp !== 'number') return undefined;
        if (!PLATFORMS.includes(plt as Platform)) return undefined;
        return { userId: sub, platform: plt as Platform, exp };
      } catch (error) {
        // A token that is malformed, forged, expired or signed by a key no longer held: no session.
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
