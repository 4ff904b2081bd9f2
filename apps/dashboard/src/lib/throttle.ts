export interface Throttled {
  (): void;
  /** Drops a pending trailing call (used on unmount). */
  cancel(): void;
}

/**
 * Runs `fn` at once, then at most once per `waitMs`; calls made in between collapse into one trailing run, so the
 * last burst of events is never lost.
 */
export function createThrottle(fn: () => void, waitMs: number): Throttled {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;

  const release = () => {
    if (pending) {
      pending = false;
      fn();
      timer = setTimeout(release, waitMs);
    } else {
      timer = undefined;
    }
  };

  const throttled = (() => {
    if (timer === undefined) {
      fn();
      timer = setTimeout(release, waitMs);
    } else {
      pending = true;
    }
  }) as Throttled;

  throttled.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = false;
  };
  return throttled;
}
