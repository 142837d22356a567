import { defineConfig } from 'vitest/config';

// The AWS SDK warns in every test worker that its releases from 2027 need Node 22 (what Lambda runs):
// the suites run on Node 20 too, and fourteen copies of the warning would bury their output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
