import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { bestEffort } from '../services/best-effort';

/**
 * Reaching a company hotline: dialling it (a mini program through `makePhoneCall`; a browser
 * through a `tel:` link on the page) or copying the number to paste into the phone app.
 */
export function useHotline(): {
  call: (hotline: string) => void;
  copy: (hotline: string) => void;
  copiedHotline?: string;
} {
  const [copiedHotline, setCopiedHotline] = useState<string>();
  const call = useCallback((hotline: string) => {
    bestEffort(() => Taro.makePhoneCall({ phoneNumber: hotline }));
  }, []);
  const copy = useCallback((hotline: string) => {
    copyText(hotline).then(
      () => setCopiedHotline(hotline),
      // The number stays on screen, so a refused clipboard leaves the reader able to dial it.
      () => setCopiedHotline(undefined),
    );
  }, []);
  return { call, copy, copiedHotline };
}

/**
 * The browser's own clipboard where it allows it: Taro's fallback copies too, but shows a toast of
 * its own on top of our notice.
 */
function copyText(text: string): Promise<unknown> {
  if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && navigator.clipboard) {
    return navigator.clipboard.writeText(text).catch(() => Taro.setClipboardData({ data: text }));
  }
  return Taro.setClipboardData({ data: text });
}
