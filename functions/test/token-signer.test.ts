import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { keyBytes } from '../src/adapters/crypto/keyring.ts';
import { createTokenSigner } from '../src/adapters/crypto/token-signer.ts';
import type { SessionClaims } from '../src/ports/tokens.ts';

const NOW = new Date('2026-03-01T08:00:00Z');
const CLAIMS: SessionClaims = {
  userId: '0123456789abcdef0123456789abcdef',
  platform: 'weapp',
  exp: Math.floor(NOW.getTime() / 1000) + 7200,
};
const signer = createTokenSigner('token-key');

describe('session tokens', () => {
  it('are HS256 JWTs naming their key, with the user as subject and nothing else personal', async () => {
    const token = await signer.issue(CLAIMS, NOW);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toEqual({
      iss: 'one-card-check',
      aud: 'one-card-check-api',
      sub: CLAIMS.userId,
      plt: 'weapp',
      iat: Math.floor(NOW.getTime() / 1000),
      exp: CLAIMS.exp,
    });
    expect(await signer.verify(token, NOW)).toEqual(CLAIMS);
  });

  it('refuses any change to the token', async () => {
    const token = await signer.issue(CLAIMS, NOW);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.string({ minLength: 1, maxLength: 1 }),
        async (index, char) => {
          fc.pre(token[index] !== char);
          const claims = await signer.verify(token.slice(0, index) + char + token.slice(index + 1), NOW);
          // Base64url padding bits can make two spellings decode alike; the claims must still be the same.
          if (claims) expect(claims).toEqual(CLAIMS);
        },
      ),
    );
  });

  it('refuses an expired token, another key, another algorithm and an unsigned one', async () => {
    const token = await signer.issue(CLAIMS, NOW);
    expect(await signer.verify(token, new Date(CLAIMS.exp * 1000))).toBeUndefined();
    expect(await createTokenSigner('other-key').verify(token, NOW)).toBeUndefined();
    const kid = decodeProtectedHeader(token).kid as string;
    const body = {
      sub: CLAIMS.userId,
      plt: 'weapp',
      iss: 'one-card-check',
      aud: 'one-card-check-api',
      exp: CLAIMS.exp,
    };
    const hs512 = await new SignJWT(body)
      .setProtectedHeader({ alg: 'HS512', kid })
      .sign(keyBytes('token-key'));
    expect(await signer.verify(hs512, NOW)).toBeUndefined();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(await signer.verify(`${encode({ alg: 'none', kid })}.${encode(body)}.`, NOW)).toBeUndefined();
    // Right key and algorithm, but not our issuer and audience.
    const foreign = await new SignJWT({ ...body, iss: 'someone-else' })
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(keyBytes('token-key'));
    expect(await signer.verify(foreign, NOW)).toBeUndefined();
    // A raw HMAC over our old token format is no JWT.
    const payload = encode({ sid: 's1', plt: 'weapp', exp: CLAIMS.exp });
    const old = `${payload}.${createHmac('sha256', keyBytes('token-key')).update(payload).digest('base64url')}`;
    expect(await signer.verify(old, NOW)).toBeUndefined();
  });

  it('rotates without logging anyone out: a new current key, the old one kept to verify', async () => {
    const before = createTokenSigner('old-key');
    const oldToken = await before.issue(CLAIMS, NOW);
    const oldKid = decodeProtectedHeader(oldToken).kid as string;
    const rotated = createTokenSigner(
      JSON.stringify({ current: 'k2', keys: { k2: 'new-key', [oldKid]: 'old-key' } }),
    );
    const newToken = await rotated.issue(CLAIMS, NOW);

    expect(decodeProtectedHeader(newToken).kid).toBe('k2');
    expect(await rotated.verify(oldToken, NOW)).toEqual(CLAIMS);
    expect(await rotated.verify(newToken, NOW)).toEqual(CLAIMS);
    // Once the old key is dropped, its tokens are refused.
    const after = createTokenSigner(JSON.stringify({ current: 'k2', keys: { k2: 'new-key' } }));
    expect(await after.verify(oldToken, NOW)).toBeUndefined();
    expect(await after.verify(newToken, NOW)).toEqual(CLAIMS);
  });

  it('refuses a key secret whose current key is missing', () => {
    expect(() => createTokenSigner(JSON.stringify({ current: 'k9', keys: { k1: 'a' } }))).toThrow(
      /current key/,
    );
  });
});
