import type { CDPSession, Page } from '@playwright/test';

/**
 * A fake clock for one tab, made of Chromium's virtual time (CDP `Emulation.setVirtualTimePolicy`).
 *
 * Why not Playwright's `page.clock`: it patches `Date` and the timers of the page's main world only, and Carebar's
 * content script runs in an isolated world with its own `Date`, so it never sees that clock. Virtual time is a
 * renderer-level override: every world of the tab (main, isolated, Playwright's utility world) reads the same
 * virtual `Date.now()`, and timers and animation frames fire on it.
 *
 * The clock starts paused. While it is paused nothing timed runs in the tab (timers, animation frames, input
 * handling), so anything that needs the page to work (navigating, clicking, waiting for the overlay) goes through
 * `run()`, which lets virtual time flow at about real speed until that action settles. `advance()` jumps ahead by
 * an exact amount, firing every timer due on the way. Reading the DOM needs neither: a paused page holds still.
 *
 * Only this tab is on virtual time. The extension's service worker and its pages keep real time, so the times the
 * background stamps on events (a reply's time, an undo's 10 s window) are real.
 */
export interface FakeClock {
  /** The tab's current virtual time, ms since the epoch. */
  now(): number;
  /** Move the tab's clock forward by exactly `ms`, running every timer due on the way; resolves when done. */
  advance(ms: number): Promise<void>;
  /** Let the tab's clock run at about real speed until `action` settles; resolves or rejects as it does. */
  run<T>(action: Promise<T>): Promise<T>;
}

const STEP_MS = 50;

export async function installFakeClock(page: Page, startMs: number): Promise<FakeClock> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setVirtualTimePolicy', { policy: 'pause', initialVirtualTime: startMs / 1000 });
  let now = startMs;
  // One budget at a time: Chromium keeps a single policy per tab.
  let queue: Promise<void> = Promise.resolve();

  const advance = (ms: number) => {
    const step = queue.then(async () => {
      const expired = new Promise<void>((resolve) => cdp.once('Emulation.virtualTimeBudgetExpired', () => resolve()));
      await cdp.send('Emulation.setVirtualTimePolicy', { policy: 'advance', budget: ms });
      await expired;
      now += ms;
    });
    queue = step.catch(() => {});
    return step;
  };

  return {
    now: () => now,
    advance,
    async run<T>(action: Promise<T>): Promise<T> {
      let settled = false;
      const watched = action.finally(() => {
        settled = true;
      });
      watched.catch(() => {});
      while (!settled) {
        const started = performance.now();
        await advance(STEP_MS);
        // A budget expires as soon as the tab is idle; wait out the rest of the step so virtual time does not race ahead.
        const left = STEP_MS - (performance.now() - started);
        if (left > 0 && !settled) await new Promise((resolve) => setTimeout(resolve, left));
      }
      return watched;
    },
  };
}
