import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLERS } from '@occ/functions/catalogue.ts';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { OccFunction, REPO_ROOT } from '../src/constructs/occ-function.ts';
import { STAGES } from '../src/stages.ts';

/**
 * The one test that really bundles: a handler that imports `@occ/shared` (TypeScript source through
 * package exports) and the AWS SDK, built by the local esbuild exactly as every function is.
 */
/** Bundles one handler as the given stage's stack does; the bundle's path in the cloud assembly. */
function bundleFor(handlerName: keyof typeof HANDLERS, config: (typeof STAGES)[keyof typeof STAGES]): string {
  const app = new App();
  const stack = new Stack(app, 'BundlingProbe', { env: { region: config.region } });
  const fn = new OccFunction(stack, 'Probe', {
    handlerName,
    spec: HANDLERS[handlerName],
    environment: {},
    config,
    logsKey: new Key(stack, 'LogsKey'),
  });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const code =
    template.toJSON().Resources[stack.getLogicalId(fn.function.node.defaultChild as never)].Properties.Code;
  return join(assembly.directory, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
}

const sourcesOf = (bundle: string) =>
  (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;

describe('OccFunction bundling', () => {
  const bundle = bundleFor('get-health', STAGES.dev);

  it('writes one minified ES module with its source map, built without Docker', () => {
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain('sourceMappingURL=index.mjs.map');
    // Minified: a few very long lines, not the source layout.
    expect(text.length / text.split('\n').length).toBeGreaterThan(1_000);
    const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((source) => source.includes('shared/src/'))).toBe(true);
    expect(map.sources.some((source) => source.includes('functions/src/handlers/get-health.ts'))).toBe(true);
  });

  it('runs: the bundled handler answers GET /v1/health in a fresh Node process', () => {
    const event = {
      rawPath: '/v1/health',
      headers: { 'x-request-id': 'bundle-check-1' },
      requestContext: { requestId: 'r-1', http: { method: 'GET', path: '/v1/health' } },
    };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const result = await handler(${JSON.stringify(event)});
      process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      // As Lambda runs it: its region, and the stage every function's environment holds.
      env: { PATH: process.env.PATH, AWS_REGION: 'ap-southeast-1', OCC_STAGE: 'dev', NODE_NO_WARNINGS: '1' },
      encoding: 'utf8',
    });
    const line = out.split('\n').find((candidate) => candidate.startsWith('RESULT '));
    const result = JSON.parse(line?.slice('RESULT '.length) ?? '{}') as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(result.statusCode).toBe(200);
    expect(result.headers['x-request-id']).toBe('bundle-check-1');
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });
});

describe('the SMS gateway SDK in the bundles', () => {
  it('leaves the Alibaba Cloud SDK out of a stage that sends through SNS (the bundle above runs without it)', () => {
    const sources = sourcesOf(bundleFor('request-code', STAGES.dev));
    expect(sources.some((source) => source.includes('functions/src/adapters/aliyun/sms-sender.ts'))).toBe(
      true,
    );
    expect(sources.some((source) => source.includes('@alicloud'))).toBe(false);
  });

  it('bundles it in the China stage, whose SMS go through Alibaba Cloud', () => {
    const sources = sourcesOf(bundleFor('request-code', STAGES.china));
    expect(sources.some((source) => source.includes('@alicloud/dysmsapi20170525'))).toBe(true);
  });
});
