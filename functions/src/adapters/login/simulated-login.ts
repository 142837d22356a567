import type { PlatformLogin } from '../../ports/platform-login.ts';

/** Local stand-in for wx.login / my.getAuthCode: any non-empty code stands for one user. */
export const simulatedLogin: PlatformLogin = {
  async login(platform, code) {
    return `${platform}-user-${code}`;
  },
};
