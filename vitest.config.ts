import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: './shared', include: ['test/**/*.test.ts'] } },
      { test: { name: 'functions', root: './functions', include: ['test/**/*.test.ts'] } },
      { test: { name: 'cdk', root: './cdk', include: ['test/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'local', root: './local', include: ['test/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'system', root: './test', include: ['**/*.test.ts'], testTimeout: 300_000 } },
      // The mini-program's pure code (API client, formatting): no build needed, so no global setup.
      { test: { name: 'miniapp-unit', root: './miniapp', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'miniapp',
          root: './miniapp',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
          testTimeout: 300_000,
          globalSetup: ['./test/global-setup.ts'],
        },
      },
    ],
  },
});
