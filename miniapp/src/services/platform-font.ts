import Taro from '@tarojs/taro';

/** WeChat's standard text size, in px (WeChat's elderly-friendly design guide: 17 px at every width). */
const STANDARD_FONT_PX = 17;
/** WeChat's first enlarged step is 18 px on a 375 px screen (18 / 17 ≈ 1.06): any step up counts. */
const ENLARGED_FACTOR = 1.05;

/**
 * Whether the reader has enlarged the platform's text: WeChat's `fontSizeScaleFactor` (or
 * `fontSizeSetting` / 17 px) from `getAppBaseInfo` (base library 2.20.1; `fontSizeSetting` 2.23.4),
 * WeChat's care mode (关怀模式) being 23.8 px; Alipay's `fontSizeSetting` from `getSystemInfoSync`
 * where the client reports it. A browser keeps its own text size, so h5 answers false.
 */
export function platformTextEnlarged(): boolean {
  if (process.env.TARO_ENV === 'h5') return false;
  try {
    const info = (
      process.env.TARO_ENV === 'weapp' && typeof Taro.getAppBaseInfo === 'function'
        ? Taro.getAppBaseInfo()
        : Taro.getSystemInfoSync()
    ) as { fontSizeScaleFactor?: number; fontSizeSetting?: number };
    const factor =
      typeof info.fontSizeScaleFactor === 'number'
        ? info.fontSizeScaleFactor
        : typeof info.fontSizeSetting === 'number'
          ? info.fontSizeSetting / STANDARD_FONT_PX
          : 1;
    return factor >= ENLARGED_FACTOR;
  } catch {
    return false;
  }
}
