import { errorMessage, type Locale } from '@occ/shared';
import type { Problem } from '../hooks/use-query-form';
import type { Strings } from '../i18n/strings';

/** The words for a problem: the shared message, with the time the number may be queried again. */
export function problemText(problem: Problem, locale: Locale, t: Strings): string {
  if (problem.code === 'NETWORK_ERROR') return t.query.networkError;
  if (problem.code === 'REQUIRED') return t.query.required[problem.field ?? 'phone'];
  if (problem.code === 'TOO_MANY_REQUESTS' && problem.codeRequest && problem.waitOnButton) {
    return t.query.codeTooOften;
  }
  return errorMessage(problem.code, locale, {
    retryAfterSeconds: problem.waitOnButton ? undefined : problem.retryAfterSeconds,
    attemptsLeft: problem.attemptsLeft,
    retryAt:
      problem.queryAgainAtMs === undefined ? undefined : formatLocalTime(problem.queryAgainAtMs, locale),
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A moment in the device's time zone, as a person says it: `15:35` today, else `11月29日 15:35` or
 * `15:35 on 29 Nov`; the year only when it is not this year's.
 */
export function formatLocalTime(epochMs: number, locale: Locale, nowMs = Date.now()): string {
  const at = new Date(epochMs);
  const now = new Date(nowMs);
  const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  if (at.toDateString() === now.toDateString()) return time;
  const otherYear = at.getFullYear() !== now.getFullYear();
  if (locale === 'en') {
    return `${time} on ${at.getDate()} ${MONTHS[at.getMonth()]}${otherYear ? ` ${at.getFullYear()}` : ''}`;
  }
  return `${otherYear ? `${at.getFullYear()}年` : ''}${at.getMonth() + 1}月${at.getDate()}日 ${time}`;
}
