import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINIAPP_DIR } from './support/build';

/**
 * The weapp build judged by WeChat's own compiler: miniprogram-ci compiles WXML, WXSS and JS
 * offline, as an upload would, and runs its code-quality check (代码质量).
 */

interface CompilerResult {
  compiled: string[];
  error?: string;
  quality: { name: string; success: boolean; text: string }[];
}

const WEAPP = path.join(MINIAPP_DIR, 'dist', 'weapp');
// Inside the project: the compiler's native process fails on a project under the system temp folder.
mkdirSync(path.join(MINIAPP_DIR, 'test-output'), { recursive: true });
const scratch = mkdtempSync(path.join(MINIAPP_DIR, 'test-output', 'wechat-compiler-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the compiler in its own process (it never exits by itself) and reads what it found. */
function compile(projectPath: string): Promise<CompilerResult> {
  const resultFile = path.join(scratch, `${path.basename(projectPath)}-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(MINIAPP_DIR, 'test', 'support', 'wechat-compiler.ts'),
        projectPath,
        resultFile,
      ],
      { cwd: MINIAPP_DIR, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`the compiler process failed: ${stderr.slice(-2000)}`));
        else resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as CompilerResult);
      },
    );
  });
}

describe("WeChat's compiler (miniprogram-ci, offline)", () => {
  const pages = (JSON.parse(readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as { pages: string[] }).pages;
  const result = compile(WEAPP);

  it('compiles the weapp build without an error, every page included', async () => {
    const { compiled, error } = await result;

    expect(error).toBeUndefined();
    for (const page of pages) {
      expect(compiled).toEqual(expect.arrayContaining([`${page}.js`, `${page}.json`, `${page}.wxml`]));
    }
  });

  it.each([
    'JS_COMPRESS_OPEN',
    'WXML_COMPRESS_OPEN',
    'WXSS_COMPRESS_OPEN',
    'LAZYCODE_LOADING_OPEN',
    'PACKAGE_SIZE_LIMIT',
    'IMAGE_AND_AUDIO_LIMIT',
    'CONTAINS_OTHER_PKG_JS',
    'CONTAINS_OTHER_PKG_COMPONENTS',
    'CONTAINS_UNUSED_PLUGINS',
    'CONTAINS_UNUSED_COMPONENTS',
    'CONTAINS_UNUSED_CODES',
  ])('passes the code-quality item %s', async (name) => {
    const item = (await result).quality.find((candidate) => candidate.name === name);
    expect(item, `${name} is checked`).toBeDefined();
    expect(item?.success, item?.text).toBe(true);
  });

  it('checks no item this suite does not know', async () => {
    expect((await result).quality.map((item) => item.name).sort()).toHaveLength(11);
  });

  it("fails on a compile error with the compiler's line, column and reason", async () => {
    const broken = path.join(scratch, 'broken');
    cpSync(WEAPP, broken, { recursive: true });
    const page = path.join(broken, 'pages', 'home', 'index.wxml');
    writeFileSync(page, `${readFileSync(page, 'utf8')}\n<view>不成对</text>\n`);

    const { compiled, error } = await compile(broken);

    expect(error).toMatch(/^\d+:\d+:unexpected end tag: text$/);
    expect(compiled).toEqual([]);
  });
});

describe('what the weapp build tells WeChat', () => {
  it('lets WeChat search index no page that shows or takes a query', () => {
    const sitemap = JSON.parse(readFileSync(path.join(WEAPP, 'sitemap.json'), 'utf8')) as {
      rules: { action: 'allow' | 'disallow'; page: string }[];
    };
    const allowed = sitemap.rules.filter((rule) => rule.action === 'allow').map((rule) => rule.page);

    expect(allowed).not.toContain('pages/query/index');
    expect(allowed).not.toContain('pages/submitted/index');
    expect(allowed).toContain('pages/occ/index');
    expect(sitemap.rules.at(-1), 'every other page is disallowed').toEqual({ action: 'disallow', page: '*' });
  });

  it('asks WeChat to minify JS, WXML and WXSS and inject components lazily', () => {
    const project = JSON.parse(readFileSync(path.join(WEAPP, 'project.config.json'), 'utf8')) as {
      setting: Record<string, boolean>;
    };
    const app = JSON.parse(readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as {
      lazyCodeLoading?: string;
    };

    expect(project.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true });
    expect(app.lazyCodeLoading).toBe('requiredComponents');
  });
});
