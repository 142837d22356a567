import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * One configuration for the three targets. The API base URL comes from the build environment:
 * `OCC_API_BASE_URL`, which `npm run build:stage` sets to the stage's HTTPS origin (checked there,
 * with the stage's appid, and built into `dist/stages/<stage>/<target>`). Without a stage it is a
 * local build into `dist/<target>`: weapp and alipay call the embedded default on
 * `http://127.0.0.1:3000`, the h5 build calls the origin that serves it.
 */
export default defineConfig<'webpack5'>(() => {
  const target = process.env.TARO_ENV ?? 'h5';
  const stage = process.env.OCC_BUILD_STAGE;
  const sharedSource = path.resolve(__dirname, '..', '..', 'shared');
  const apiBaseUrl = process.env.OCC_API_BASE_URL ?? (target === 'h5' ? '' : 'http://127.0.0.1:3000');
  const outputRoot = stage ? `dist/stages/${stage}/${target}` : `dist/${target}`;
  if (!stage && target !== 'h5') {
    console.log(
      `${target}: a local build for the embedded default (${apiBaseUrl}), not for submission; npm run build:stage -- --stage NAME --target ${target} makes one`,
    );
  }
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'one-card-check',
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    defineConstants: {
      OCC_API_BASE_URL: JSON.stringify(apiBaseUrl),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    // WeChat reads which pages its search may index from sitemap.json beside app.json.
    copy: {
      patterns: target === 'weapp' ? [{ from: 'sitemap.json', to: `${outputRoot}/sitemap.json` }] : [],
      options: {},
    },
    // Preact renders straight into Taro's DOM, so the mini-programs carry no React reconciler
    // (about 85 KB of the weapp build); pages keep importing from 'react', which Taro aliases.
    framework: 'preact',
    compiler: 'webpack5',
    // WeChat cannot recurse templates: Taro writes every level out (about 2.7 KB of WXML each) and
    // hands deeper subtrees to its comp component. The deepest pages (query, unbind) use 7 of 8.
    baseLevel: 8,
    // Taro's terser escapes every Chinese character as \uXXXX (6 bytes instead of 3 in UTF-8);
    // WeChat and Alipay read scripts as UTF-8.
    ...(target === 'h5' ? {} : { terser: { enable: true, config: { output: { ascii_only: false } } } }),
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [sharedSource] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      runtime: { enableInnerHTML: false },
      webpackChain(chain) {
        // Taro 4.2.0 calls createRoot on mini-programs because preact/compat reports React 18, but
        // imports createRoot from react-dom/client only on H5 (NervJS/taro#17641): add it here.
        chain.plugin('miniPlugin').tap(([options, ...rest]) => [
          {
            ...options,
            loaderMeta: {
              ...options.loaderMeta,
              importFrameworkStatement: [
                "import * as React from 'react'",
                "import ReactDOMCompat from 'react-dom'",
                "import { createRoot } from 'react-dom/client'",
                'const ReactDOM = { ...ReactDOMCompat, createRoot }',
              ].join('\n'),
            },
          },
          ...rest,
        ]);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSource] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});
