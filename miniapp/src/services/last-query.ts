import type { QueryAccepted } from '@occ/shared';
import Taro from '@tarojs/taro';

const KEY = 'occ.lastQuery';

/** Keeps the accepted query on the device so the submitted page can show it at once, and again later. */
export function rememberAccepted(accepted: QueryAccepted): void {
  try {
    Taro.setStorageSync(KEY, accepted);
  } catch {
    // Without storage the submitted page loads everything from the API instead.
  }
}

export function recallAccepted(queryId: string): QueryAccepted | undefined {
  try {
    const stored = Taro.getStorageSync(KEY) as QueryAccepted | '' | undefined;
    return stored && stored.queryId === queryId ? stored : undefined;
  } catch {
    return undefined;
  }
}
