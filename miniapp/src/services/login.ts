import type { Platform } from '@occ/shared';

/** What `POST /v1/sessions` needs from the platform the app runs in. */
export interface PlatformLogin {
  platform: Platform;
  /** The one-time login code of WeChat (`wx.login`) or Alipay (`my.getAuthCode`); absent in a browser. */
  code?: string;
  /** A browser's device secret: every session naming it is the same user (docs/api.md, sessions). */
  device?: string;
}

/**
 * Asks the host platform for a login code. Taro picks `login.weapp.ts`, `login.alipay.ts` or
 * `login.h5.ts` at build time; this file holds the shared type and the browser behaviour, which
 * is also what a type checker sees.
 */
export async function platformLogin(): Promise<PlatformLogin> {
  return { platform: 'h5' };
}
