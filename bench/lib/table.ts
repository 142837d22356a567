import type { BenchRow } from './types.ts';

/** Renders the rows as one plain-text table, grouped by section, numbers right-aligned. */
export function renderTable(rows: BenchRow[]): string {
  const header = ['section', 'measure', 'value', 'baseline (same run)', 'ratio', 'limit'];
  const cells = rows.map((row) => [
    row.section,
    row.measure,
    `${formatNumber(row.value)} ${row.unit}`.trim(),
    row.baseline ? `${formatNumber(row.baseline.value)} ${row.baseline.unit} — ${row.baseline.label}` : '',
    row.ratio === undefined ? '' : formatNumber(Number(row.ratio.toFixed(3))),
    row.limit === undefined
      ? ''
      : `${row.limit} ${row.ok === undefined ? '' : row.ok ? 'ok' : 'FAIL'}`.trim(),
  ]);
  const widths = header.map((title, i) =>
    Math.max(width(title), ...cells.map((line) => width(line[i] ?? ''))),
  );
  const rightAligned = new Set([2, 4]);
  const line = (values: string[]) =>
    `| ${values
      .map((value, i) =>
        rightAligned.has(i) ? pad(value, widths[i] ?? 0, 'start') : pad(value, widths[i] ?? 0, 'end'),
      )
      .join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** Markdown version of the same table, for bench/README.md. */
export function renderMarkdownTable(rows: BenchRow[]): string {
  const out = [
    '| section | measure | value | baseline (same run) | ratio | limit |',
    '| --- | --- | ---: | --- | ---: | --- |',
  ];
  for (const row of rows) {
    const baseline = row.baseline
      ? `${formatNumber(row.baseline.value)} ${row.baseline.unit} — ${row.baseline.label}`
      : '';
    const ratio = row.ratio === undefined ? '' : formatNumber(Number(row.ratio.toFixed(3)));
    const limit =
      row.limit === undefined ? '' : `${row.limit} ${row.ok === undefined ? '' : row.ok ? 'ok' : '**FAIL**'}`;
    out.push(
      `| ${row.section} | ${row.measure} | ${formatNumber(row.value)} ${row.unit} | ${baseline} | ${ratio} | ${limit.trim()} |`.replace(
        /\s+\|/g,
        ' |',
      ),
    );
  }
  return out.join('\n');
}

export function formatNumber(value: number | string): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

// East Asian wide characters take two columns in a terminal.
function width(text: string): number {
  let w = 0;
  for (const char of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      char,
    )
      ? 2
      : 1;
  return w;
}

function pad(text: string, size: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return side === 'start' ? fill + text : text + fill;
}
