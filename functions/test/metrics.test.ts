import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, setLogSink } from '../src/adapters/logging/json-logger.ts';
import { METRIC_NAMESPACE, METRICS, type MetricName } from '../src/metrics.ts';
import type { QueryItem } from '../src/ports/query-store.ts';
import { sendReply } from '../src/use-cases/reply-tasks.ts';
import { FakeClock, keyring, MemoryQueries, MemorySms } from './fakes.ts';

type Line = Record<string, unknown> & {
  _aws?: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
};
const lines: Line[] = [];
beforeAll(() => setLogSink((line) => lines.push(JSON.parse(line) as Line)));
afterAll(() => setLogSink((line) => process.stdout.write(`${line}\n`)));
const emitted = (name: MetricName) =>
  lines.filter((line) => line._aws?.CloudWatchMetrics[0]?.Metrics[0]?.Name === name);

describe('the metric list', () => {
  it.each(Object.keys(METRICS) as MetricName[])(
    'emits %s, in embedded metric format, from its log event',
    (name) => {
      const spec = METRICS[name];
      const fields = {
        companyId: 'tencent',
        task: 'send-reply',
        reason: 'TOO_MANY_REQUESTS',
        secondsSinceAccepted: 42,
      };
      lines.length = 0;

      createLogger({ requestId: 'r-1' }).info(spec.event, fields);

      const [metric] = emitted(name);
      const document = metric?._aws?.CloudWatchMetrics[0];
      expect(document?.Namespace).toBe(METRIC_NAMESPACE);
      expect(document?.Metrics).toEqual([{ Name: name, Unit: spec.unit }]);
      expect(document?.Dimensions).toEqual(spec.dimensionSets.map((set) => ['service', ...set]));
      expect(metric?.[name]).toBe(spec.unit === 'Seconds' ? 42 : 1);
      // The metric line carries its dimensions and value, nothing else of the log line.
      expect(metric).not.toHaveProperty('requestId');
    },
  );

  it('names only events that the service writes somewhere (outside the list)', () => {
    const source = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && file !== 'metrics.ts',
    );
    const text = files.map((file) => readFileSync(join(source, file), 'utf8')).join('\n');
    for (const [name, spec] of Object.entries(METRICS)) {
      expect(text.includes(`'${spec.event}'`), `${name}: nothing writes ${spec.event}`).toBe(true);
    }
  });

  it('counts a company closed when the reply is rendered, by company and by the task that decided it, and the 202 → SMS time', async () => {
    // Prepare: a query whose Tencent lookup is still open when the reply is rendered.
    const clock = new FakeClock();
    const queries = new MemoryQueries();
    const expiresAt = Math.floor(clock.ms / 1000) + 3600;
    const query: QueryItem = {
      queryId: 'q1',
      ownerId: 'u1',
      phoneHash: 'h',
      phoneMasked: '138****8000',
      phoneEncrypted: keyring.encryptPhone('13800138000'),
      status: 'LOOKING_UP',
      acceptedAt: new Date(clock.ms - 95_000).toISOString(),
      replyBy: clock.now().toISOString(),
      companies: [{ companyId: 'tencent', lookupId: 'l1' }],
      expiresAt,
    };
    await queries.create(query);
    lines.length = 0;

    // Act: the task's logger, as taskHandler makes it
    const logger = createLogger({ task: 'send-reply' });
    await sendReply({ queries, keyring, sms: new MemorySms(), clock, logger }, { queryId: 'q1' });

    // Assess
    expect(emitted('CompanyUnavailable')).toEqual([
      expect.objectContaining({ companyId: 'tencent', task: 'send-reply', CompanyUnavailable: 1 }),
    ]);
    expect(emitted('ReplyLatency')).toEqual([expect.objectContaining({ ReplyLatency: 95 })]);
  });
});
