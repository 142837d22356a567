import Taro from '@tarojs/taro';
import type { PlatformLogin } from './login';

const KEY = 'occ.device';
/** docs/api.md: 32–128 characters of the base64url alphabet. */
const DEVICE = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * A browser has no platform account: it names its device, a random secret it keeps, so that a later
 * session (after the two-hour token has expired) is the same user and finds the same queries.
 */
export async function platformLogin(): Promise<PlatformLogin> {
  return { platform: 'h5', device: deviceSecret() };
}

function deviceSecret(): string {
  try {
    const stored: unknown = Taro.getStorageSync(KEY);
    if (typeof stored === 'string' && DEVICE.test(stored)) return stored;
  } catch {
    // Unreadable storage: a new secret below, kept if storage takes it.
  }
  const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  try {
    Taro.setStorageSync(KEY, secret);
  } catch {
    // Without storage each session is a user of its own: queries stay readable until the token expires.
  }
  return secret;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
