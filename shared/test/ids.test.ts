import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIssuedId } from '../src/index.ts';

describe('isIssuedId', () => {
  it('accepts every lower-case version-4 UUID', () => {
    fc.assert(fc.property(fc.uuid({ version: 4 }), (id) => isIssuedId(id.toLowerCase())));
  });

  it.each([
    ['upper case', (id: string) => id.toUpperCase()],
    ['a Cyrillic а', (id: string) => id.replace(/[a-f]/, '\u0430')],
    ['a full-width digit', (id: string) => id.replace(/\d/, '\uFF10')],
    ['no hyphens', (id: string) => id.replace(/-/g, '')],
    ['braces', (id: string) => `{${id}}`],
    ['a URN prefix', (id: string) => `urn:uuid:${id}`],
    ['a trailing newline', (id: string) => `${id}\n`],
    ['a zero-width space', (id: string) => `${id}\u200B`],
    ['one character more', (id: string) => `${id}0`],
    ['one character less', (id: string) => id.slice(1)],
    ['version 1', (id: string) => `${id.slice(0, 14)}1${id.slice(15)}`],
    ['a variant out of range', (id: string) => `${id.slice(0, 19)}c${id.slice(20)}`],
  ])('refuses an id with %s', (_name, change) => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), (uuid) => {
        const id = uuid.toLowerCase();
        // A change that finds nothing to change (no letter to upper-case) leaves a valid id.
        fc.pre(change(id) !== id);
        return !isIssuedId(change(id));
      }),
    );
  });

  it('refuses anything that is not a string, and long, multi-byte or control-character strings', () => {
    for (const value of [
      undefined,
      null,
      1,
      {},
      [],
      '',
      'a'.repeat(2049),
      '中'.repeat(36),
      '\u0000'.repeat(36),
    ])
      expect(isIssuedId(value)).toBe(false);
  });
});
