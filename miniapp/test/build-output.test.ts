import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirSize, WEAPP_BUDGET_BYTES } from '../bench/sizes';
import { MINIAPP_DIR } from './support/build';

// The page list comes from the app's own configuration, so a new page is checked without editing this test.
(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config;
const { pages: PAGES } = (await import('../src/app.config')).default as unknown as { pages: string[] };

function dist(target: string, ...parts: string[]): string {
  return path.join(MINIAPP_DIR, 'dist', target, ...parts);
}

describe('build output', () => {
  it('lists every page in the alipay app.json', () => {
    const app = JSON.parse(readFileSync(dist('alipay', 'app.json'), 'utf8')) as { pages: string[] };
    expect(app.pages).toEqual(PAGES);
  });

  it.each(PAGES)('has the .axml, .js and .json of %s in the alipay output', (page) => {
    for (const extension of ['axml', 'js', 'json']) {
      expect(existsSync(dist('alipay', `${page}.${extension}`)), `${page}.${extension}`).toBe(true);
    }
  });

  it.each(PAGES)('has the .wxml, .js and .json of %s in the weapp output', (page) => {
    for (const extension of ['wxml', 'js', 'json']) {
      expect(existsSync(dist('weapp', `${page}.${extension}`)), `${page}.${extension}`).toBe(true);
    }
  });

  it('keeps the whole weapp build within the 250 KB budget', () => {
    expect(dirSize(dist('weapp'))).toBeLessThanOrEqual(WEAPP_BUDGET_BYTES);
  });

  it('builds h5 to call the API on its own origin', () => {
    const html = readFileSync(dist('h5', 'index.html'), 'utf8');
    expect(html).toContain('<div id="app">');
    const scripts = readdirSync(dist('h5', 'js')).filter((file) => file.endsWith('.js'));
    const code = scripts.map((script) => readFileSync(dist('h5', 'js', script), 'utf8')).join('\n');
    expect(code.includes('/v1/verification-codes'), 'the API paths are in the bundle').toBe(true);
    expect(code.includes('127.0.0.1:3000'), 'no mini-program default origin in the h5 bundle').toBe(false);
  });
});
