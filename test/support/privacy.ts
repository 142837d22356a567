import type { RunningService } from '@occ/local';

/** What must never be found at rest, in logs or in error bodies. */
export interface Secrets {
  phones: Iterable<string>;
  idSuffixes: Iterable<string>;
  codes: Iterable<string>;
}

function patterns(secrets: Secrets): { kind: string; re: RegExp }[] {
  const out: { kind: string; re: RegExp }[] = [];
  // Bounded by non-alphanumerics so that a hash or a timestamp that merely contains the digits is not a hit.
  for (const phone of new Set(secrets.phones))
    out.push({ kind: 'phone', re: new RegExp(`(?<![0-9A-Za-z])(\\+?86)?${phone}(?![0-9A-Za-z])`) });
  for (const suffix of new Set(secrets.idSuffixes))
    out.push({ kind: 'idSuffix', re: new RegExp(`(?<![0-9A-Za-z])${suffix}(?![0-9A-Za-z])`, 'i') });
  for (const code of new Set(secrets.codes))
    out.push({ kind: 'code', re: new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`) });
  return out;
}

/** Every place personal data was found in `texts` (named sources), as "source: kind". */
export function findPersonalData(
  texts: Iterable<{ source: string; text: string }>,
  secrets: Secrets,
): string[] {
  const checks = patterns(secrets);
  const hits: string[] = [];
  for (const { source, text } of texts) {
    // The logger masks a stray mobile number and names the field: the masking must never have been
    // needed, except on a caller's own request id, which the contract echoes and the fuzz makes number-shaped.
    const scrubbed = /"scrubbed":\[([^\]]*)\]/
      .exec(text)?.[1]
      ?.split(',')
      .filter((field) => field !== '"requestId"');
    if (scrubbed?.length)
      hits.push(`${source}: a mobile number reached the logger in ${scrubbed.join(', ')}`);
    for (const { kind, re } of checks) {
      if (re.test(text)) hits.push(`${source}: ${kind} ${re.source.slice(0, 40)}`);
    }
  }
  return hits;
}

/** Table items and log lines of a running service as searchable texts. */
export async function serviceTexts(service: RunningService): Promise<{ source: string; text: string }[]> {
  const texts: { source: string; text: string }[] = [];
  for (const [table, items] of Object.entries(await service.tableItems())) {
    for (const [i, item] of items.entries())
      texts.push({ source: `table ${table}[${i}]`, text: JSON.stringify(item) });
  }
  for (const [i, line] of service.logLines().entries()) {
    texts.push({ source: `log line ${i} (${String(line.event)})`, text: JSON.stringify(line) });
  }
  return texts;
}
