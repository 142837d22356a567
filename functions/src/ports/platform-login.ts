import type { Platform } from '@occ/shared';

/** Exchanges a mini-program login code (`wx.login` / `my.getAuthCode`) for the platform's user id. */
export interface PlatformLogin {
  /** The user id; throws `LoginFailedError` when the platform refuses the code. */
  login(platform: Exclude<Platform, 'h5'>, code: string): Promise<string>;
}
