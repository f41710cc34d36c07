/**
 * Tells a fling (posts flying past faster than anyone reads) from a reading scroll. New toolbars wait during a fling
 * and come as soon as it slows down or rests; a reading scroll, a jump to the next post (j/k) or a page that does
 * not scroll at all gets them at once.
 */
export function createScrollSpeedWatch(
  doc: Document,
  options: { now?: () => number; fastScreensPerSecond?: number; restMs?: number } = {},
) {
  const now = options.now ?? (() => performance.now());
  const restMs = options.restMs ?? 120;
  const fastScreensPerSecond = options.fastScreensPerSecond ?? 1.5;
  let lastAt = -Infinity;
  let lastTop = 0;
  let lastTarget: EventTarget | null = null;
  /** Pixels per millisecond, averaged over the last two scroll events of the same scroller. */
  let speed = 0;

  const onScroll = (event: Event) => {
    const at = now();
    const scroller = event.target === doc ? doc.scrollingElement : (event.target as Element | null);
    const top = scroller?.scrollTop ?? 0;
    // A scroll after a rest (or of another scroller) starts afresh: one jump alone is not a fling.
    const fresh = event.target !== lastTarget || at - lastAt > restMs;
    const instant = Math.abs(top - lastTop) / Math.max(1, at - lastAt);
    speed = fresh ? 0 : (speed + instant) / 2;
    lastAt = at;
    lastTop = top;
    lastTarget = event.target;
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
