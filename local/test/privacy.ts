import type { RunningService } from '../src/index.ts';

/**
 * Every personal value the test world used (full numbers, ID suffixes, every code the outbox
 * shows) must not appear as a token in any table item or log line.
 */
export async function personalDataFound(
  service: RunningService,
  values: { phones: string[]; idSuffixes: string[]; codes: string[] },
): Promise<string[]> {
  const tables = await service.tableItems();
  const haystacks: [string, string][] = [];
  for (const [table, items] of Object.entries(tables)) {
    for (const item of items) haystacks.push([`table ${table}`, JSON.stringify(item)]);
  }
  for (const line of service.logLines()) haystacks.push(['log', JSON.stringify(line)]);
  const needles = [
    ...values.phones,
    ...values.idSuffixes,
    ...values.idSuffixes.map((suffix) => suffix.toLowerCase()),
    ...values.codes,
  ];
  const found: string[] = [];
  for (const needle of needles) {
    const token = new RegExp(`(?<![0-9A-Za-z])${needle}(?![0-9A-Za-z])`);
    for (const [where, text] of haystacks) if (token.test(text)) found.push(`${needle} in ${where}`);
  }
  return found;
}
