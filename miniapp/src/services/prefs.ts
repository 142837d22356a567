import type { Locale } from '@occ/shared';
import Taro from '@tarojs/taro';
import { platformTextEnlarged } from './platform-font';

/** The reader's display choices, kept on the device. */
export interface Prefs {
  locale: Locale;
  largeType: boolean;
  /** The reader chose the type size in the app; until then it follows the platform's text size. */
  largeTypeChosen: boolean;
}

const KEY = 'occ.prefs';

export function readPrefs(): Prefs {
  let stored: { locale?: unknown; largeType?: unknown } | undefined;
  try {
    stored = Taro.getStorageSync(KEY) || undefined;
  } catch {
    stored = undefined;
  }
  const chosen = typeof stored?.largeType === 'boolean';
  return {
    locale: stored?.locale === 'en' ? 'en' : 'zh-CN',
    largeType: chosen ? stored?.largeType === true : platformTextEnlarged(),
    largeTypeChosen: chosen,
  };
}

/** Keeps the language, and the type size only once the reader has chosen it. */
export function writePrefs(prefs: Prefs): void {
  try {
    Taro.setStorageSync(KEY, {
      locale: prefs.locale,
      ...(prefs.largeTypeChosen ? { largeType: prefs.largeType } : {}),
    });
  } catch {
    // Storage can be full or refused; the choice still holds for this visit.
  }
}

export function readLocale(): Locale {
  try {
    const stored = Taro.getStorageSync(KEY) as { locale?: unknown } | '';
    return stored !== '' && stored?.locale === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}
