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
      Taro.setClipboardData({ data: hotline }).then(
        () => setCopiedHotline(hotline),
        // The number stays on screen, so a refused clipboard leaves the reader able to dial it.
        () => setCopiedHotline(undefined),
      );
    },
    [canCall],
  );
  return { canCall, reach, copiedHotline };
}
