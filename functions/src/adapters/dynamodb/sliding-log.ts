import type { SlidingLimit } from '../../ports/counter-store.ts';

/**
 * The times of an item's most recent events as `length` number attributes `<prefix>1` (oldest) to
 * `<prefix><length>` (newest), 0 standing for "none". One update shifts them and records `:now`
 * without reading first (`if_not_exists` fills an empty slot with 0), and one condition checks
 * every sliding limit: "at most n in any s seconds" holds when the n-th newest time is at least s
 * seconds old. DynamoDB evaluates every operand against the item as it was before the update, so
 * the shift reads the old values.
 *
 * Each clause reads `NOT slot > :since`: a comparison with an attribute the item does not have is
 * false in DynamoDB, so an empty slot (a new number, a new session) admits. It says what
 * `(attribute_not_exists(slot) OR slot <= :since)` says, and dynalite parses it several times
 * faster (its expression parser backtracks on every parenthesised OR).
 */
export function slidingLog(prefix: string, length: number) {
  const slot = (i: number) => `${prefix}${i}`;
  const shift = Array.from(
    { length: length - 1 },
    (_, i) => `${slot(i + 1)} = if_not_exists(${slot(i + 2)}, :none)`,
  );
  return {
    /** SET clauses recording an event at `:now` (needs `:none` = 0 and `:now` in the values). */
    record: [...shift, `${slot(length)} = :now`].join(', '),
    /** A condition that holds when every limit admits one more event at `now`, and its values. */
    admits(limits: readonly SlidingLimit[], now: number) {
      const values: Record<string, number> = {};
      const clauses = limits.map(({ count, seconds }, i) => {
        if (count > length) throw new Error(`a log of ${length} cannot hold a limit of ${count}`);
        const name = slot(length + 1 - count);
        values[`:since${i}`] = now - seconds;
        return `NOT ${name} > :since${i}`;
      });
      return { expression: clauses.join(' AND '), values };
    },
    /** The recorded times of an item, oldest first. */
    times(item: Record<string, unknown> | undefined): number[] {
      if (!item) return [];
      return Array.from({ length }, (_, i) => item[slot(i + 1)]).filter(
        (value): value is number => typeof value === 'number' && value > 0,
      );
    },
    /** The attribute names, to leave them out of what the item means to its readers. */
    attributes: Array.from({ length }, (_, i) => slot(i + 1)),
    /** The attribute that holds the newest time. */
    newest: slot(length),
  };
}
