import type { Locale } from '@occ/shared';
import Taro from '@tarojs/taro';

/** The reader's display choices, kept on the device. */
export interface Prefs {
  locale: Locale;
  largeType: boolean;
}

const KEY = 'occ.prefs';

export function readPrefs(): Prefs {
  let stored: Partial<Prefs> | undefined;
  try {
    stored = Taro.getStorageSync(KEY) || undefined;
  } catch {
    stored = undefined;
  }
  return {
    locale: stored?.locale === 'en' ? 'en' : 'zh-CN',
    largeType: stored?.largeType === true,
  };
}

export function writePrefs(prefs: Prefs): void {
  try {
    Taro.setStorageSync(KEY, prefs);
  } catch {
    // Storage can be full or refused; the choice still holds for this visit.
  }
}

export function readLocale(): Locale {
  return readPrefs().locale;
}
