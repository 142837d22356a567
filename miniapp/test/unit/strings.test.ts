import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../src/i18n/strings';

/** Every text a value holds: strings as they are, functions called with sample arguments. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return texts(value('10699000', '138****8000', '10:05'));
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(texts);
  return [];
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

describe('the English words of the app', () => {
  it('use ASCII punctuation only, apart from the name of the other language', () => {
    const { switchLanguage, ...english } = STRINGS.en;
    expect(switchLanguage).toBe('中文');
    const offending = texts(english).filter((text) => !PRINTABLE_ASCII.test(text));
    expect(offending).toEqual([]);
  });

  it('have a Chinese counterpart for every English entry', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]))
        : typeof value;
    expect(shape(STRINGS['zh-CN'])).toEqual(shape(STRINGS.en));
  });
});
