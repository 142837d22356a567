import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const ALLOWED = new Set(['valibot']);

describe('the shared package', () => {
  const files = readdirSync(SRC).filter((file) => file.endsWith('.ts'));

  it.each(files)('%s imports only its own files and valibot (it runs inside the mini-program)', (file) => {
    const source = readFileSync(join(SRC, file), 'utf8');
    const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
      (match) => match[1],
    );
    for (const specifier of imports) {
      if (specifier?.startsWith('./')) continue;
      expect(ALLOWED, `${file} imports ${specifier}`).toContain(specifier);
    }
    expect(source).not.toMatch(/\bprocess\.|\brequire\(|\bBuffer\b|\bglobalThis\./);
  });
});
