import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';

/**
 * Reaching a company hotline: a mini program dials it; a browser cannot dial reliably, so the
 * number is copied for the reader to paste into the phone app.
 */
export function useHotline(): { canCall: boolean; reach: (hotline: string) => void; copiedHotline?: string } {
  const canCall = process.env.TARO_ENV !== 'h5';
  const [copiedHotline, setCopiedHotline] = useState<string>();
  const reach = useCallback(
    (hotline: string) => {
      if (canCall) {
        Taro.makePhoneCall({ phoneNumber: hotline }).catch(() => undefined);
        return;
      }
      copyText(hotline).then(
        () => setCopiedHotline(hotline),
        // The number stays on screen, so a refused clipboard leaves the reader able to dial it.
        () => setCopiedHotline(undefined),
      );
    },
    [canCall],
  );
  return { canCall, reach, copiedHotline };
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
