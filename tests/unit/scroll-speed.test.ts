// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createScrollSpeedWatch } from '../../lib/content/scroll-speed';

/** A scroller whose scroll events the test fires at chosen times and offsets (jsdom does not scroll). */
function setup() {
  document.body.innerHTML = '<div id="feed"></div>';
  const feed = document.getElementById('feed')!;
  let t = 1_000;
  const watch = createScrollSpeedWatch(document, { now: () => t, restMs: 120, fastScreensPerSecond: 1.5 });
  const scrollTo = (top: number, atMs: number) => {
    t = atMs;
    Object.defineProperty(feed, 'scrollTop', { value: top, configurable: true });
    feed.dispatchEvent(new Event('scroll'));
  };
  return { watch, scrollTo, at: (ms: number) => (t = ms) };
}

describe('scroll speed watch', () => {
  it('holds during a fling (a screen every 33 ms) and lets go once it rests', () => {
    const { watch, scrollTo, at } = setup();
    const screen = window.innerHeight;
    for (let i = 1; i <= 5; i++) scrollTo(i * screen * 0.8, 1_000 + i * 33);
    expect(watch.holdFor()).toBeGreaterThan(0);
    at(1_000 + 5 * 33 + 130);
    expect(watch.holdFor()).toBe(0);
  });

  it('never holds a reading scroll, a single jump (j/k), or a page at rest', () => {
    const { watch, scrollTo } = setup();
    expect(watch.holdFor()).toBe(0);
    scrollTo(600, 2_000); // one jump
    expect(watch.holdFor()).toBe(0);
    for (let i = 1; i <= 10; i++) scrollTo(600 + i * 8, 2_000 + i * 16); // 0.5 px/ms: reading
    expect(watch.holdFor()).toBe(0);
  });

  it('stops listening when stopped', () => {
    const { watch, scrollTo } = setup();
    watch.stop();
    for (let i = 1; i <= 5; i++) scrollTo(i * 700, 1_000 + i * 33);
    expect(watch.holdFor()).toBe(0);
  });
});
