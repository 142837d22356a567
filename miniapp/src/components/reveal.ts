import Taro from '@tarojs/taro';
import { bestEffort } from '../services/best-effort';

/** Room left above an element brought into view, so that what it answers stays in sight. */
const OFFSET_TOP_PX = { nearest: -120, start: -16 };

/**
 * Brings the element with this id into view: `nearest` only as far as needed (an answer to a tap),
 * `start` to the top of the screen (a place chosen from an index). In a browser Taro keeps earlier
 * pages in the DOM, hidden, so the shown element is picked; a mini program scrolls with
 * `pageScrollTo` and a selector (WeChat base library 2.7.3, `offsetTop` 2.23.1). Screen readers
 * announce an answer by its role (alert or status).
 */
export function revealElement(id: string, align: 'nearest' | 'start' = 'nearest'): void {
  if (process.env.TARO_ENV === 'h5') {
    const shown = Array.from(document.querySelectorAll<HTMLElement>(`#${id}`)).find(
      (element) => element.offsetParent !== null,
    );
    shown?.scrollIntoView({ block: align });
    return;
  }
  bestEffort(() => Taro.pageScrollTo({ selector: `#${id}`, offsetTop: OFFSET_TOP_PX[align], duration: 200 }));
}
