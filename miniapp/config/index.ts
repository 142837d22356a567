import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * One configuration for the three targets. The API base URL comes from the build environment:
 * `OCC_API_BASE_URL` for weapp and alipay (they need an absolute https origin); the h5 build calls
 * the same origin that serves it unless the variable is set.
 */
export default defineConfig<'webpack5'>(() => {
  const target = process.env.TARO_ENV ?? 'h5';
  const sharedSource = path.resolve(__dirname, '..', '..', 'shared');
  const apiBaseUrl = process.env.OCC_API_BASE_URL ?? (target === 'h5' ? '' : 'http://127.0.0.1:3000');
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'one-card-check',
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${target}`,
    plugins: [],
    defineConstants: {
      OCC_API_BASE_URL: JSON.stringify(apiBaseUrl),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
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
