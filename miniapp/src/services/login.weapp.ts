import Taro from '@tarojs/taro';
import type { PlatformLogin } from './login';

/** WeChat: `wx.login` gives a one-time code that the service exchanges for the user's identity. */
export async function platformLogin(): Promise<PlatformLogin> {
  const { code } = await Taro.login();
  return { platform: 'weapp', code };
}
