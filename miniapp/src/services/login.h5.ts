import type { PlatformLogin } from './login';

/** A browser has no platform account: the session is anonymous. */
export async function platformLogin(): Promise<PlatformLogin> {
  return { platform: 'h5' };
}
