import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../src/log-format.ts';

const at = '2026-11-30T08:48:47.111Z';
const clock = new Date(at).toTimeString().slice(0, 8);
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ time: at, level: 'info', service: 'one-card-check', stage: 'local', ...fields });

describe('formatLogLine', () => {
  it('shows a metric line by its name, value and dimensions', () => {
    const metric = JSON.stringify({
      _aws: {
        Timestamp: Date.parse(at),
        CloudWatchMetrics: [
          {
            Namespace: 'OneCardCheck',
            Dimensions: [['service', 'companyId']],
            Metrics: [{ Name: 'CompanyUnavailable', Unit: 'Count' }],
          },
        ],
      },
      service: 'one-card-check',
      companyId: 'baidu',
      CompanyUnavailable: 1,
    });
    expect(formatLogLine(metric)).toBe(`${clock}  metric CompanyUnavailable=1  company baidu`);
  });

  it.each([
    [
      'a request',
      {
        event: 'http_request',
        requestId: '6c8db6d1-2f3c-43e9-a946-ddd58a48acfb',
        route: 'POST /v1/verification-codes',
        method: 'POST',
        status: 202,
        ms: 219,
      },
      `${clock}  POST /v1/verification-codes → 202 in 219 ms  request 6c8db6d1`,
    ],
    [
      'an event of a request',
      {
        event: 'code_sent',
        requestId: '6c8db6d1-2f3c-43e9-a946-ddd58a48acfb',
        route: 'POST /v1/verification-codes',
      },
      `${clock}  code_sent  POST /v1/verification-codes  request 6c8db6d1`,
    ],
    [
      'a workflow task',
      {
        event: 'company_answered',
        task: 'call-company',
        queryId: '1122a627-3aff-4eae-8ca3-51134d34c9f3',
        companyId: 'baidu',
        mode: 'sync',
      },
      `${clock}  company_answered  task=call-company  query 1122a627  company baidu  mode=sync`,
    ],
    [
      'a warning',
      { level: 'warn', event: 'simulated_callback_failed', companyId: 'alipay', reason: 'timed out' },
      `${clock}  WARN simulated_callback_failed  company alipay  reason="timed out"`,
    ],
  ])('writes %s on one line', (_, fields, expected) => {
    const text = formatLogLine(line(fields));
    expect(text).toBe(expected);
    expect(text).not.toContain('\n');
  });

  it('colours warnings and errors only when asked', () => {
    const error = line({ level: 'error', event: 'execution_failed' });
    expect(formatLogLine(error)).not.toContain('\u001b[');
    expect(formatLogLine(error, { colour: true })).toContain('\u001b[31mERROR execution_failed');
  });

  it('shows a line that is not a JSON object as it came', () => {
    expect(formatLogLine('plain words')).toBe('plain words');
    expect(formatLogLine('[1,2]')).toBe('[1,2]');
  });
});
