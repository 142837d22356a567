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
    framework: 'react',
    compiler: 'webpack5',
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
