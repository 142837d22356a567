/** One line of the bench table: a figure, and where it has one, the baseline measured in the same run. */
export interface BenchRow {
  section: string;
  measure: string;
  value: number | string;
  unit: string;
  baseline?: { label: string; value: number; unit: string };
  /** value ÷ baseline (or ÷ the stated reference) when both are numbers. */
  ratio?: number;
  /** A limit the figure must respect, e.g. "≤ 1.3". */
  limit?: string;
  /** Whether the figure respects its limit. */
  ok?: boolean;
  note?: string;
}

/** What a section of the bench adds: rows for the table and raw figures for results.json. */
export interface SectionResult {
  rows: BenchRow[];
  details: Record<string, unknown>;
}
