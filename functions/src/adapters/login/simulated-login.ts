import { LoginFailedError } from '../../errors.ts';
import type { PlatformLogin } from '../../ports/platform-login.ts';

/**
 * Local stand-in for wx.login / my.getAuthCode: any non-empty code stands for one user. A code of
 * blanks only is refused as the platforms refuse an invalid code.
 */
export const simulatedLogin: PlatformLogin = {
  async login(platform, code) {
    if (code.trim() === '') throw new LoginFailedError();
    return `${platform}-user-${code}`;
  },
};
