/**
 * One shared clock for every visible timer on the page: a single interval, running only while someone listens,
 * instead of one interval per post.
 */
export function createClock(periodMs = 1000) {
  const listeners = new Set<(nowMs: number) => void>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const tick = () => {
    const now = Date.now();
    for (const listener of listeners) listener(now);
  };

  return {
    now: () => Date.now(),
    subscribe(listener: (nowMs: number) => void): () => void {
      listeners.add(listener);
      try {
        if (!timer) timer = setInterval(tick, periodMs);
      } catch {
        // Firefox throws NS_ERROR_NOT_INITIALIZED from setInterval in a tab that is unloading: nothing to tick then.
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

export type Clock = ReturnType<typeof createClock>;
