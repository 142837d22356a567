import type { LogFields, Logger } from '../../ports/logger.ts';
import { metricLines } from '../metrics/emf-metrics.ts';

type Sink = (line: string) => void;

let sink: Sink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * Where log lines go: stdout on Lambda (CloudWatch Logs, which also reads the embedded-format metric
 * lines). The local embedded default and tests replace it to keep or show the lines; it is the one
 * piece of logging that differs there.
 */
export function setLogSink(next: Sink): void {
  sink = next;
}

// A last guard: a mainland mobile number that slipped into a field is masked before it is written,
// and the line names the fields it masked (`scrubbed`), so that a test or an alarm can find the code
// path that logged it instead of the guard hiding it.
const MOBILE = /(?<!\d)(?:\+?86)?(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

function scrub(value: string): string {
  return value.replace(MOBILE, '$1****$2');
}

/** One JSON line per event: time, level, event, and the fields (request id among them). */
export function createLogger(base: LogFields = {}): Logger & { child(fields: LogFields): Logger } {
  const write = (level: string, event: string, fields: LogFields = {}) => {
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, event };
    const scrubbed: string[] = [];
    for (const [key, value] of Object.entries({ ...base, ...fields })) {
      if (value === undefined) continue;
      const written = typeof value === 'string' ? scrub(value) : value;
      if (written !== value) scrubbed.push(key);
      entry[key] = written;
    }
    if (scrubbed.length > 0) entry.scrubbed = scrubbed;
    sink(JSON.stringify(entry));
    // The service's metrics come from its events (metrics.ts), written beside the line that caused them.
    for (const line of metricLines(event, entry)) sink(line);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}
