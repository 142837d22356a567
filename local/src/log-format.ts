/**
 * One readable line per log event, for a person watching `npm start` in a terminal:
 *
 *     16:48:47  code_sent  POST /v1/verification-codes  request 6c8db6d1
 *     16:48:47  POST /v1/verification-codes → 202 in 219 ms  request 6c8db6d1
 *     16:48:47  WARN simulated_callback_failed  company alipay
 *
 * The JSON lines stay what files and CloudWatch get; this only changes how a terminal shows them.
 */

/** Fields a reader at a terminal does not need on every line (the time is shown short). */
const UNSHOWN = new Set(['time', 'level', 'event', 'service', 'stage', 'route', 'method', 'status', 'ms']);

/** Id fields shown by a short name and their first 8 characters (enough to tell them apart). */
const SHORT_NAMES: Record<string, string> = {
  requestId: 'request',
  queryId: 'query',
  lookupId: 'lookup',
  companyId: 'company',
  messageId: 'message',
};

const COLOURS: Record<string, string> = { warn: '\u001b[33m', error: '\u001b[31m' };
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

export interface LineFormat {
  /** ANSI colours for warnings and errors (a terminal that is not told NO_COLOR). */
  colour: boolean;
}

/** A JSON log line as one readable line; anything that is not a JSON object is shown as it came. */
export function formatLogLine(line: string, format: LineFormat = { colour: false }): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  // An embedded-format metric line (functions/src/metrics.ts): its name, value and dimensions.
  const metric = (entry._aws as { CloudWatchMetrics?: { Metrics?: { Name?: string }[] }[] } | undefined)
    ?.CloudWatchMetrics?.[0]?.Metrics?.[0]?.Name;
  if (metric !== undefined) {
    const { _aws, service, [metric]: value, ...dimensions } = entry;
    const shown = Object.entries(dimensions).map(([key, v]) => detail(key, v));
    return [`${clock(metricTime(_aws))}  metric ${metric}=${value}`, ...shown].join('  ');
  }
  const level = String(entry.level ?? 'info');
  const what =
    entry.event === 'http_request'
      ? `${entry.route ?? entry.method ?? ''} → ${entry.status} in ${entry.ms} ms`
      : [String(entry.event ?? ''), typeof entry.route === 'string' ? entry.route : undefined]
          .filter(Boolean)
          .join('  ');
  const details = Object.entries(entry)
    .filter(([key, value]) => !UNSHOWN.has(key) && value !== undefined)
    .map(([key, value]) => detail(key, value));
  const marker = level === 'info' ? '' : `${level.toUpperCase()} `;
  const text = [`${marker}${what}`, ...details].join('  ');
  const time = clock(entry.time);
  if (!format.colour) return `${time}  ${text}`;
  const colour = COLOURS[level];
  return `${DIM}${time}${RESET}  ${colour ? `${colour}${text}${RESET}` : text}`;
}

/** The time of a metric document (epoch milliseconds), as a log line's ISO time; none when it has none. */
function metricTime(document: unknown): string | undefined {
  const at = (document as { Timestamp?: unknown }).Timestamp;
  return typeof at === 'number' && Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

function detail(key: string, value: unknown): string {
  const short = SHORT_NAMES[key];
  if (short && typeof value === 'string') return `${short} ${value.slice(0, 8)}`;
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return `${key}=${/\s/.test(shown) ? JSON.stringify(shown) : shown}`;
}

/** `16:48:47` in the machine's time zone. */
function clock(time: unknown): string {
  const at = new Date(typeof time === 'string' ? time : Date.now());
  const valid = Number.isNaN(at.getTime()) ? new Date() : at;
  return valid.toTimeString().slice(0, 8);
}
