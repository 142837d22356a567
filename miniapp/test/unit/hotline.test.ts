import { enabledCompanies } from '@occ/shared';
import { describe, expect, it } from 'vitest';
import { hotlineForReading } from '../../src/components/hotline';

describe('hotlineForReading', () => {
  it.each([
    ['4009203800', '400-920-3800'],
    ['8008101818', '800-810-1818'],
    ['10107888', '1010-7888'],
    ['95017', '95017'],
    ['9510211', '9510211'],
  ])('reads %s as %s', (hotline, readable) => {
    expect(hotlineForReading(hotline)).toBe(readable);
  });

  it('keeps every digit of every company hotline, in order', () => {
    for (const { hotline } of enabledCompanies()) {
      expect(hotlineForReading(hotline).replace(/-/g, '')).toBe(hotline.replace(/-/g, ''));
    }
  });
});
