/**
 * Runs a platform call whose failure leaves nothing for the person to do (the navigation bar's
 * title, a scroll, the dialler refusing): its error is dropped. Taro answers an API a platform
 * lacks with a warning and no promise, so `.catch` on the result would throw inside a render effect
 * and blank the whole page; here a missing API, a throw and a rejection all end the same way.
 */
export function bestEffort(call: () => unknown): void {
  try {
    Promise.resolve(call()).catch(() => undefined);
  } catch {
    // The platform threw synchronously; the page carries on without this call.
  }
}
