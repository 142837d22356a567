import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { STRINGS, type Strings } from '../i18n/strings';
import { type Prefs, readPrefs, writePrefs } from '../services/prefs';

export interface PrefsControl {
  prefs: Prefs;
  t: Strings;
  toggleLargeType: () => void;
  toggleLocale: () => void;
}

/** The reader's language and large-type choice, shared by every page through device storage. */
export function usePrefs(): PrefsControl {
  const [prefs, setPrefs] = useState<Prefs>(readPrefs);
  // Another page may have changed the choice while this one was hidden.
  useDidShow(() => setPrefs(readPrefs()));
  const update = useCallback((change: (current: Prefs) => Prefs) => {
    setPrefs((current) => {
      const next = change(current);
      writePrefs(next);
      return next;
    });
  }, []);
  const toggleLargeType = useCallback(
    () => update((p) => ({ ...p, largeType: !p.largeType, largeTypeChosen: true })),
    [update],
  );
  const toggleLocale = useCallback(
    () => update((p) => ({ ...p, locale: p.locale === 'en' ? 'zh-CN' : 'en' })),
    [update],
  );
  return { prefs, t: STRINGS[prefs.locale], toggleLargeType, toggleLocale };
}
