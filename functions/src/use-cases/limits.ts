import { CODE_RESEND_SECONDS } from '@occ/shared';
import type { LimitRule } from '../ports/counter-store.ts';

const HOUR = 3_600;
const DAY = 86_400;

/** The per-number limits on verification codes: 1 a minute, 5 an hour, 10 a day. */
export function phoneLimits(phoneHash: string): LimitRule[] {
  return [
    { key: `phone#${phoneHash}#minute`, limit: 1, windowSeconds: CODE_RESEND_SECONDS },
    { key: `phone#${phoneHash}#hour`, limit: 5, windowSeconds: HOUR },
    { key: `phone#${phoneHash}#day`, limit: 10, windowSeconds: DAY },
  ];
}

/** The per-session limit (10 a day) and the global daily cap against SMS pumping. */
export function sessionAndGlobalLimits(sessionId: string, globalDailyCap: number): LimitRule[] {
  return [
    { key: `session#${sessionId}#day`, limit: 10, windowSeconds: DAY },
    { key: 'global#day', limit: globalDailyCap, windowSeconds: DAY },
  ];
}
