/** At the latest this long after `start()`, the start-up work begins even if nobody asked anything yet. */
export const START_GRACE_MS = 1000;

/**
 * The core's start-up work (features' start, then the workers: connections, recovery, the settle,
 * event watchers, the first sampling round) held back until the core has answered its first
 * request, so opening the app never waits on a node; or until the grace has passed, whichever
 * comes first. It begins once, never after `cancel()` (the core closing).
 */
export function createDeferredStart(begin: () => void, graceMs = START_GRACE_MS) {
  let state: 'idle' | 'armed' | 'begun' | 'cancelled' = 'idle';
  let hasAnswered = false;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    if (state !== 'armed') return;
    state = 'begun';
    if (timer) clearTimeout(timer);
    begin();
  };
  // After the answer has gone out: the rest of this turn (the answer's write) comes first.
  const soon = () => setTimeout(fire, 0);
  return {
    /** `start()` was called. */
    arm() {
      if (state !== 'idle') return;
      state = 'armed';
      timer = setTimeout(fire, graceMs);
      if (hasAnswered) soon();
    },
    /** A request was answered. */
    answered() {
      if (hasAnswered) return;
      hasAnswered = true;
      if (state === 'armed') soon();
    },
    cancel() {
      state = 'cancelled';
      if (timer) clearTimeout(timer);
    },
  };
}
