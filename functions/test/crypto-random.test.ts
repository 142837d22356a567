import { isIssuedId } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { cryptoRandom } from '../src/adapters/crypto/crypto-random.ts';

describe('cryptoRandom', () => {
  it('issues ids in the one form the edge accepts', () => {
    for (let i = 0; i < 1_000; i++) expect(isIssuedId(cryptoRandom.id())).toBe(true);
  });

  it('draws six-digit codes', () => {
    for (let i = 0; i < 1_000; i++) expect(cryptoRandom.code()).toMatch(/^\d{6}$/);
  });
});
