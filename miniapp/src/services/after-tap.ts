/**
 * Runs `show` once the tap in progress has ended, or at once when there is none.
 *
 * In a browser a field loses focus on the pointer's press, before the release that makes the tap:
 * a message shown on that blur pushes down what was pressed (a consent box, a button), and the
 * release lands elsewhere, so the tap is lost. Waiting for the release (and for the click it
 * dispatches) keeps the press and the release on the same element. Mini programs blur after the
 * tap, so there `show` runs at once. A press held longer than `MAX_WAIT_MS` shows it anyway.
 */
export function afterTapEnds(show: () => void): void {
  if (process.env.TARO_ENV !== 'h5' || !pressing) {
    show();
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    document.removeEventListener('pointerup', onRelease, true);
    document.removeEventListener('pointercancel', onRelease, true);
    clearTimeout(fallback);
    show();
  };
  // The click follows the release in the same task: a timer runs after it.
  const onRelease = () => setTimeout(run, 0);
  document.addEventListener('pointerup', onRelease, true);
  document.addEventListener('pointercancel', onRelease, true);
  const fallback = setTimeout(run, MAX_WAIT_MS);
}

const MAX_WAIT_MS = 1_500;

/** Whether a pointer is pressed anywhere on the page (a browser only). */
let pressing = false;
if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
  document.addEventListener(
    'pointerdown',
    () => {
      pressing = true;
    },
    true,
  );
  const release = () => {
    pressing = false;
  };
  document.addEventListener('pointerup', release, true);
  document.addEventListener('pointercancel', release, true);
}
