import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Platform } from '@occ/shared';
import type { SessionClaims, TokenSigner } from '../../ports/tokens.ts';
import { keyBytes } from './keyring.ts';

const PLATFORMS: readonly Platform[] = ['weapp', 'alipay', 'h5'];

/** Compact signed tokens: base64url(JSON claims) "." base64url(HMAC-SHA-256). */
export function createTokenSigner(tokenKey: string): TokenSigner {
  const key = keyBytes(tokenKey);
  const sign = (payload: string) => createHmac('sha256', key).update(payload, 'utf8').digest();
  return {
    issue(claims) {
      const payload = Buffer.from(
        JSON.stringify({ sid: claims.sessionId, plt: claims.platform, exp: claims.exp }),
      ).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    verify(token) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return undefined;
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        const { sid, plt, exp } = claims;
        if (typeof sid !== 'string' || typeof exp !== 'number' || !PLATFORMS.includes(plt as Platform))
          return undefined;
        return { sessionId: sid, platform: plt as Platform, exp } satisfies SessionClaims;
      } catch {
        return undefined;
      }
    },
  };
}
