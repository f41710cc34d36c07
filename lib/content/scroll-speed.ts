/**
 * Tells a fling (posts flying past faster than anyone reads) from a reading scroll. New toolbars wait during a fling
 * and come as soon as it slows down or rests; a reading scroll, a jump to the next post (j/k) or a page that does
 * not scroll at all gets them at once.
 */
/** How often, at most, a scroll reads the scroller's offset. */
const SAMPLE_MS = 64;

export function createScrollSpeedWatch(
  doc: Document,
  options: { now?: () => number; fastScreensPerSecond?: number; restMs?: number } = {},
) {
  const now = options.now ?? (() => performance.now());
  const restMs = options.restMs ?? 120;
  const fastScreensPerSecond = options.fastScreensPerSecond ?? 1.5;
  let lastAt = -Infinity;
  let lastTarget: EventTarget | null = null;
  /** The scroller's offset when last read, and when: read at most every SAMPLE_MS (see onScroll). */
  let sampleAt = -Infinity;
  let sampleTop = 0;
  /** Pixels per millisecond, averaged over the last two samples of the same scroller. */
  let speed = 0;

  const readTop = (target: EventTarget | null) => (target === doc ? doc.scrollingElement : (target as Element | null))?.scrollTop ?? 0;

  // Reading scrollTop lays the page out at once when it changed (X adds and recycles posts while it scrolls): a lone
  // jump (j/k, a click) reads nothing; a scroll that goes on reads once to start and then every SAMPLE_MS, not on
  // every frame (#13).
  const onScroll = (event: Event) => {
    const at = now();
    // A scroll after a rest (or of another scroller) starts afresh: one jump alone is not a fling.
    const fresh = event.target !== lastTarget || at - lastAt > restMs;
    lastAt = at;
    lastTarget = event.target;
    if (fresh) {
      speed = 0;
      sampleAt = -Infinity;
      return;
    }
    if (sampleAt === -Infinity) {
      sampleAt = at;
      sampleTop = readTop(event.target);
      return;
    }
    if (at - sampleAt < SAMPLE_MS) return;
    const top = readTop(event.target);
    const instant = Math.abs(top - sampleTop) / (at - sampleAt);
    speed = speed ? (speed + instant) / 2 : instant;
    sampleAt = at;
    sampleTop = top;
  };
  doc.addEventListener('scroll', onScroll, { capture: true, passive: true });

  return {
    /** How long new work should wait (ms): 0 unless the page is being flung. */
    holdFor(): number {
      const since = now() - lastAt;
      if (since >= restMs) return 0;
      const screen = doc.defaultView?.innerHeight || 800;
      return speed * 1000 > fastScreensPerSecond * screen ? restMs - since : 0;
    },
    stop() {
      doc.removeEventListener('scroll', onScroll, { capture: true });
    },
  };
}
