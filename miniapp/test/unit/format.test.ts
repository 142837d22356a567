import { describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../src/components/problem-text';

describe('formatLocalTime', () => {
  const now = new Date(2026, 10, 28, 9, 0).getTime();
  it.each([
    [new Date(2026, 10, 28, 15, 35), 'zh-CN', '15:35'],
    [new Date(2026, 10, 29, 10, 5), 'zh-CN', '11月29日 10:05'],
    [new Date(2026, 10, 29, 10, 5), 'en', '10:05 on 29 Nov'],
    [new Date(2027, 0, 2, 8, 0), 'zh-CN', '2027年1月2日 08:00'],
    [new Date(2027, 0, 2, 8, 0), 'en', '08:00 on 2 Jan 2027'],
  ] as const)('says %s in %s as %s', (at, locale, words) => {
    expect(formatLocalTime(at.getTime(), locale, now)).toBe(words);
  });
});
