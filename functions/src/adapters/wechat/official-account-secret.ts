import type { OfficialAccountCredentials } from '../../ports/official-account-api.ts';

/**
 * The official account's credentials from the text of its secret, JSON `{"appId": "wx…", "secret": "…"}`.
 * A malformed value is an error that says what is expected and never repeats the value.
 */
export function parseOfficialAccountSecret(text: string): OfficialAccountCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (
    typeof record.appId !== 'string' ||
    record.appId === '' ||
    typeof record.secret !== 'string' ||
    record.secret === ''
  ) {
    throw new Error(
      'the official-account secret must be JSON {"appId": "wx…", "secret": "…"} (its value is not shown)',
    );
  }
  return { appId: record.appId, secret: record.secret };
}
