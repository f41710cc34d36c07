/**
 * Collects keyed entries for a short window and sends them in as few requests as the background takes: what a
 * scroll reveals travels in one message, and a message per post costs the page more than the work it asks for.
 * The same key twice in one window is sent once (the later entry wins). Slices are sent one after another; a failed
 * slice is reported with its entries and does not stop the others.
 */
export interface RequestBatcher<V> {
  add(key: string, entry: V): void;
  /** Resolves once everything added so far has been sent (or failed). */
  settled(): Promise<void>;
}

// One tick for every batcher: when the earliest open window ends, every batcher with entries flushes, so what one
// screen of posts asks for (items.seen, detect.posts, customers.badge, viral.samples) is sent in one turn, which the
// messaging client sends as one runtime message. A longer window only bounds how late its entries may go.
const due = new Set<() => void>();
let tickAt = Infinity;
let tick: ReturnType<typeof setTimeout> | undefined;
const wake = (at: number) => {
  if (at >= tickAt) return;
  clearTimeout(tick);
  tickAt = at;
  tick = setTimeout(() => {
    tickAt = Infinity;
    const all = [...due];
    due.clear();
    for (const go of all) go();
  }, at - Date.now());
};

/** Every batcher made, with its window (a page makes a handful, for its lifetime). */
const batchers = new Map<RequestBatcher<unknown>, number>();

/**
 * Resolves once everything the quick batchers (windows up to `maxWindowMs`: what a screen asks for, not what can
 * wait a second) hold now has been sent and answered, or failed: e.g. a toolbar is shown with what the features
 * asked for on its behalf in one step, rather than redrawn once per answer.
 */
export function requestsSettled(maxWindowMs = 100): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const [b, windowMs] of batchers) if (windowMs <= maxWindowMs) waits.push(b.settled());
  return Promise.all(waits).then(() => {});
}

export function createRequestBatcher<V>(options: {
  windowMs: number;
  /** Most entries one request may carry. */
  limit: number;
  send: (slice: V[]) => Promise<void>;
  onError: (err: unknown, slice: V[]) => void;
}): RequestBatcher<V> {
  let pending = new Map<string, V>();
  let flushing: Promise<void> = Promise.resolve();
  let scheduled: Promise<void> | null = null;

  const flush = async () => {
    scheduled = null;
    const entries = [...pending.values()];
    pending = new Map();
    for (let i = 0; i < entries.length; i += options.limit) {
      const slice = entries.slice(i, i + options.limit);
      try {
        await options.send(slice);
      } catch (err) {
        options.onError(err, slice);
      }
    }
  };

  const batcher: RequestBatcher<V> = {
    add(key, entry) {
      pending.set(key, entry);
      if (!scheduled) {
        scheduled = new Promise<void>((resolve) => {
          due.add(resolve);
          wake(Date.now() + options.windowMs);
        }).then(() => {
          // One flush at a time, in order: a window's requests never overtake the previous window's.
          flushing = flushing.then(flush);
          return flushing;
        });
      }
    },
    settled: () => scheduled ?? flushing,
  };
  batchers.set(batcher as RequestBatcher<unknown>, options.windowMs);
  return batcher;
}
