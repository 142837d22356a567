import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../src/adapters/crypto/keyring.ts';
import { hmacSigner } from '../src/adapters/partners/signing.ts';
import { findRoute, matchPath } from '../src/routes.ts';

describe('keyring', () => {
  const keyring = createKeyring({ pepper: 'p', phoneKey: 'k' });

  it('seals and opens any number, never showing it in the sealed form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const sealed = keyring.encryptPhone(phone);
        expect(sealed).not.toContain(phone);
        expect(keyring.decryptPhone(sealed)).toBe(phone);
      }),
    );
  });

  it('refuses a tampered ciphertext and hashes with the pepper', () => {
    const sealed = keyring.encryptPhone('13800138000');
    const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => keyring.decryptPhone(tampered)).toThrow();
    expect(keyring.hashPhone('13800138000')).not.toBe(
      createKeyring({ pepper: 'q', phoneKey: 'k' }).hashPhone('13800138000'),
    );
  });
});

describe('partner signing', () => {
  it('accepts its own signature within 300 s and refuses a stale or foreign one', () => {
    const signature = hmacSigner.sign('secret', '1000', '{"a":1}');
    expect(hmacSigner.verify('secret', '1000', '{"a":1}', signature, 1300)).toBe(true);
    expect(hmacSigner.verify('secret', '1000', '{"a":1}', signature, 1301)).toBe(false);
    expect(hmacSigner.verify('other', '1000', '{"a":1}', signature, 1000)).toBe(false);
    expect(hmacSigner.verify('secret', '1000', '{"a":2}', signature, 1000)).toBe(false);
  });
});

describe('routes', () => {
  it('matches templates, decodes parameters and tells a known path under another method', () => {
    expect(matchPath('/v1/queries/{queryId}', '/v1/queries/a%20b')).toEqual({ queryId: 'a b' });
    expect(matchPath('/v1/queries/{queryId}', '/v1/queries/%')).toEqual({ queryId: '%' });
    expect(matchPath('/v1/queries/{queryId}', '/v1/queries/')).toBeUndefined();
    expect(findRoute('POST', '/v1/queries')).toMatchObject({ route: { handler: 'submit-query' } });
    expect(findRoute('GET', '/v1/queries')).toMatchObject({ route: { handler: 'list-queries' } });
    expect(findRoute('PUT', '/v1/queries')).toEqual({ route: undefined, pathKnown: true });
    expect(findRoute('GET', '/v1/other')).toEqual({ route: undefined, pathKnown: false });
  });
});
