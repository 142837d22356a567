import { errorMessage, type Locale } from '@occ/shared';
import type { Problem } from '../hooks/use-query-form';
import type { Strings } from '../i18n/strings';

/** The words for a problem: the shared message, and the time the number may be queried again. */
export function problemText(problem: Problem, locale: Locale, t: Strings): string {
  if (problem.code === 'NETWORK_ERROR') return t.query.networkError;
  if (problem.code === 'REQUIRED') return t.query.required[problem.field ?? 'phone'];
  const message = errorMessage(problem.code, locale, {
    retryAfterSeconds: problem.retryAfterSeconds,
    attemptsLeft: problem.attemptsLeft,
  });
  if (problem.queryAgainAtMs === undefined) return message;
  return `${message} ${t.query.queryAgainAt(formatLocalTime(problem.queryAgainAtMs))}`;
}

/** `2026-11-29 10:05` in the device's time zone. */
export function formatLocalTime(epochMs: number): string {
  const at = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
}
