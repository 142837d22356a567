import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRIC_SERVICE, METRICS, type MetricSpec, metricsOfEvent } from '../../metrics.ts';

type Fields = Record<string, unknown>;

let metrics: Metrics | undefined;

/**
 * The embedded-metric-format lines (one JSON object each) that a log event emits, per the metric
 * list (`metrics.ts`): Powertools for AWS Lambda builds each document, and the caller writes it to
 * the function's log stream, where CloudWatch turns it into metrics. A dimension set whose fields
 * the line lacks is left out rather than sent empty; a value that is not a finite number emits nothing.
 */
export function metricLines(event: string, fields: Fields): string[] {
  const names = metricsOfEvent(event);
  if (names.length === 0) return [];
  metrics ??= new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
  const lines: string[] = [];
  for (const name of names) {
    const spec: MetricSpec = METRICS[name];
    const value = spec.valueField === undefined ? 1 : fields[spec.valueField];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    for (const set of spec.dimensionSets) {
      if (set.length === 0 || set.some((field) => fields[field] === undefined || fields[field] === ''))
        continue;
      metrics.addDimensions(Object.fromEntries(set.map((field) => [field, String(fields[field])])));
    }
    metrics.addMetric(name, spec.unit === 'Seconds' ? MetricUnit.Seconds : MetricUnit.Count, value);
    lines.push(JSON.stringify(metrics.serializeMetrics()));
    metrics.clearMetrics();
    metrics.clearDimensions();
  }
  return lines;
}
