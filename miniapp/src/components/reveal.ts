import Taro from '@tarojs/taro';

/** Room left above an element brought into view, so that the control it answers stays in sight. */
const OFFSET_TOP_PX = -120;

/**
 * Brings the element with this id into view: in a browser only as far as needed (Taro keeps
 * earlier pages in the DOM, hidden, so the shown one is picked); in a mini program with
 * `pageScrollTo` and a selector (WeChat base library 2.7.3, `offsetTop` 2.23.1). Screen readers
 * announce it by its role (alert or status).
 */
export function revealElement(id: string): void {
  if (process.env.TARO_ENV === 'h5') {
    const shown = Array.from(document.querySelectorAll<HTMLElement>(`#${id}`)).find(
      (element) => element.offsetParent !== null,
    );
    shown?.scrollIntoView({ block: 'nearest' });
    return;
  }
  Taro.pageScrollTo({ selector: `#${id}`, offsetTop: OFFSET_TOP_PX, duration: 200 }).catch(() => undefined);
}
