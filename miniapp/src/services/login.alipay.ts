import type { PlatformLogin } from './login';

/** Alipay: `my.getAuthCode` with the silent `auth_base` scope gives a one-time code. */
export function platformLogin(): Promise<PlatformLogin> {
  return new Promise((resolve, reject) => {
    my.getAuthCode({
      scopes: 'auth_base',
      success: ({ authCode }) => resolve({ platform: 'alipay', code: authCode }),
      fail: reject,
    });
  });
}
