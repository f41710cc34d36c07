// Helpers of the Firefox e2e suite: one Firefox with the built extension per test file (scripts/launch-firefox.mjs,
// the same replica routing as the Chromium suite), pages driven by puppeteer-core over WebDriver BiDi.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, ElementHandle, KeyInput, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchFirefoxWithExtension, type LaunchedFirefox } from '../../scripts/launch-firefox.mjs';
import type { RequestType } from '../../lib/shared/messaging/protocol';
import type { ApiReply } from '../e2e/api';

export { draftTextOf, lexicalTextOf } from '../fixtures/editor-state';
export { FACEBOOK, REPLICA_PAGES, X } from '../fixtures/replica-pages';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Real x.com markup beside the checkout (../shared/fixtures/x, or $CAREBAR_SHARED_DIR/fixtures/x); absent on other clones. */
export const SHARED_X_DIR = path.resolve(process.env.CAREBAR_SHARED_DIR ?? path.join(root, '../shared'), 'fixtures/x');
export const SHARED_CAPTURE = {
  url: 'https://x.com/birdman46049238/status/1852311426666537322/photo/1',
  file: path.join(SHARED_X_DIR, 'status-page-conversation.html'),
};
export const hasSharedCapture = existsSync(SHARED_CAPTURE.file);
/** The capture is a fragment: served as a whole document at a real status URL. */
export const captureOverrides = (): Record<string, string> =>
  hasSharedCapture ? { [SHARED_CAPTURE.url]: `<!doctype html><html><body>${readFileSync(SHARED_CAPTURE.file, 'utf8')}</body></html>` } : {};

/**
 * Gecko's own report (ConduitsChild, in the tab's process) that a port message reached a tab's port after the tab
 * closed or navigated: the tab's side of the port closes at once, the background learns it a moment later. The
 * background stops answering a port once it knows (lib/background/index.ts), but a reply or change notice already on
 * its way when a test closes a busy tab cannot be called back. Nothing of Carebar's fails or throws; tolerated in
 * every file, and only this line.
 */
const CLOSED_TAB_RACE = /ConduitsChild\.sys\.mjs:\d+:\d+: Error: PortMessage for closed conduit \d+: \(\{portId:\d+, source:true, holder:/;

/** Start one Firefox for the file's tests; `ff()` is it. Checks at the end that Carebar logged no error. */
export function useFirefox(
  options: { overrides?: Record<string, string>; prefs?: Record<string, unknown>; allowErrors?: RegExp } = {},
): () => LaunchedFirefox {
  let launched: LaunchedFirefox | undefined;
  beforeAll(async () => {
    if (!existsSync(path.join(root, '.output/firefox-mv3/manifest.json')))
      throw new Error('No Firefox build: run `npx wxt build -b firefox --mv3` first.');
    launched = await launchFirefoxWithExtension({ overrides: options.overrides, prefs: options.prefs });
  });
  afterAll(async () => {
    if (!launched) return;
    try {
      const errors = (await launched.extensionErrors()).filter((e) => !options.allowErrors?.test(e) && !CLOSED_TAB_RACE.test(e));
      expect(errors, 'errors in the browser console from Carebar').toEqual([]);
    } finally {
      await launched.close();
    }
  });
  return () => launched!;
}

/** Uncaught errors of the page's own scripts (Carebar must never throw into the page). */
export function collectPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (err) => errors.push(err as Error));
  return errors;
}

export const toolbarSelector = (key: string) => `[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`;

export async function toolbarKeys(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="carebar-toolbar"]', (els) => els.map((e) => e.getAttribute('data-carebar-id') ?? '').sort());
}

/**
 * An attribute of `[data-testid=testid]` inside the open shadow root of a host (a post's toolbar by default), or
 * null when absent. Plain DOM in the page: puppeteer's `>>>` queries can go stale across a reload over BiDi.
 */
export function shadowAttr(page: Page, host: string, testid: string, name: string): Promise<string | null> {
  return page.evaluate(
    (host, testid, name) =>
      document.querySelector(host)?.shadowRoot?.querySelector(`[data-testid="${testid}"]`)?.getAttribute(name) ?? null,
    host,
    testid,
    name,
  );
}

/** Click `[data-testid=testid]` in a shadow host with a trusted click; fails when it is not there. */
export async function shadowClick(page: Page, host: string, testid: string): Promise<void> {
  const handle = await page.evaluateHandle(
    (host, testid) => document.querySelector(host)?.shadowRoot?.querySelector(`[data-testid="${testid}"]`) ?? null,
    host,
    testid,
  );
  const el = handle.asElement() as ElementHandle<Element> | null;
  if (!el) throw new Error(`no [data-testid="${testid}"] in ${host}`);
  try {
    await el.click();
  } finally {
    await handle.dispose();
  }
}

export const stateOf = (page: Page, key: string) => shadowAttr(page, toolbarSelector(key), 'carebar-state', 'data-state');
/**
 * Click a toolbar action by its test-contract name: in the row when it is shown there, otherwise from the row's "⋯"
 * menu (`carebar-more`), as the contract allows (README "Test contract"; tests/e2e/toolbar-actions.ts for Chromium).
 */
/** A row off screen may be drawn later (test contract): scrolled into view, it is complete within 500 ms. */
async function rowReady(page: Page, host: string): Promise<void> {
  await page.$eval(host, (el) => el.scrollIntoView({ block: 'center' }));
  await poll(async () => Boolean(await shadowAttr(page, host, 'carebar-more', 'data-testid')), 5_000).toBe(true);
}

export async function clickInToolbar(page: Page, key: string, testid: string): Promise<void> {
  const host = toolbarSelector(key);
  await rowReady(page, host);
  const shown = (id: string) =>
    page.evaluate(
      (host, id) => {
        const el = document.querySelector(host)?.shadowRoot?.querySelector(`[data-testid="${id}"]`);
        return Boolean(el && el.getClientRects().length > 0);
      },
      host,
      id,
    );
  if (!(await shown(testid)) && (await shown('carebar-more'))) await openMenu(page, host);
  await shadowClick(page, host, testid);
}

/**
 * Open a toolbar's "⋯" menu and wait until it is there: the menu comes with the interactive UI, loaded on first
 * use, so the first one on a page opens a moment after the click.
 */
async function openMenu(page: Page, host: string): Promise<void> {
  await shadowClick(page, host, 'carebar-more');
  await poll(() =>
    page.evaluate((host) => Boolean(document.querySelector(host)?.shadowRoot?.querySelector('[role="menu"]:not([hidden])')), host),
  ).toBe(true);
}

/** Whether a toolbar offers an action, in its row or in its "⋯" menu (the menu is opened and closed again). */
export async function offers(page: Page, key: string, testid: string): Promise<boolean> {
  const host = toolbarSelector(key);
  await rowReady(page, host);
  if (await shadowAttr(page, host, testid, 'data-testid')) return true;
  if (!(await shadowAttr(page, host, 'carebar-more', 'data-testid'))) return false;
  await openMenu(page, host);
  const found = Boolean(await shadowAttr(page, host, testid, 'data-testid'));
  await shadowClick(page, host, 'carebar-more');
  return found;
}

/** Poll until `fn` gives `want` (deep equality), like Playwright's expect.poll. */
export function poll<T>(fn: () => Promise<T>, timeout = 15_000) {
  return expect.poll(fn, { timeout, interval: 100 });
}

export async function pressCtrl(page: Page, key: KeyInput): Promise<void> {
  await page.keyboard.down('Control');
  await page.keyboard.press(key);
  await page.keyboard.up('Control');
}

/**
 * The first element matching `selector` in the document or in any open shadow root below it (Carebar's overlay
 * lives in shadow roots), optionally only inside the element matching `within`; null when there is none.
 */
export async function deep(page: Page, selector: string, within?: string): Promise<ElementHandle<Element> | null> {
  const handle = await page.evaluateHandle(
    (selector, within) => {
      const walk = (root: Document | ShadowRoot | Element): Element | null => {
        const hit = root.querySelector(selector);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) {
            const inner = walk(el.shadowRoot);
            if (inner) return inner;
          }
        }
        return null;
      };
      const scope = within ? document.querySelector(within) : document;
      if (!scope) return null;
      return (scope instanceof Element && scope.shadowRoot ? walk(scope.shadowRoot) : null) ?? walk(scope);
    },
    selector,
    within,
  );
  const el = handle.asElement() as ElementHandle<Element> | null;
  if (!el) await handle.dispose();
  return el;
}

/** An attribute of `deep(...)`'s element, or null when absent. */
export async function deepAttr(page: Page, selector: string, name: string, within?: string): Promise<string | null> {
  const el = await deep(page, selector, within);
  if (!el) return null;
  try {
    return await el.evaluate((e, n) => e.getAttribute(n), name);
  } finally {
    await el.dispose();
  }
}

/** Whether `deep(...)` finds the element. */
export async function deepExists(page: Page, selector: string, within?: string): Promise<boolean> {
  const el = await deep(page, selector, within);
  await el?.dispose();
  return Boolean(el);
}

/** Trusted click on `deep(...)`'s element, waiting up to `timeout` for it to appear. */
export async function deepClick(page: Page, selector: string, within?: string, timeout = 15_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const el = await deep(page, selector, within);
    if (el) {
      try {
        await el.click();
        return;
      } finally {
        await el.dispose();
      }
    }
    if (Date.now() > until) throw new Error(`nothing matches ${selector}${within ? ` in ${within}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A site button the site disabled (native disabled or aria-disabled), or null when absent. */
export function isDisabled(page: Page, selector: string): Promise<boolean | null> {
  return page.evaluate((selector) => {
    const el = document.querySelector(selector) as HTMLButtonElement | null;
    return el ? el.disabled || el.getAttribute('aria-disabled') === 'true' : null;
  }, selector);
}

/** How many times `needle` occurs in `haystack`. */
export const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/**
 * The next tab whose address matches `url`. Tabs the extension opens are not answered from the replicas: off the
 * replica sites they end on Firefox's network-error page, whose address carries the one asked for (`u=`).
 */
export function waitForTab(browser: Browser, url: RegExp, timeout = 10_000) {
  const asked = (address: string) =>
    address.startsWith('about:neterror?') ? (new URLSearchParams(address.slice('about:neterror?'.length)).get('u') ?? '') : address;
  return browser.waitForTarget((t) => url.test(asked(t.url())), { timeout });
}

/** One of Carebar's pages (options.html, sidepanel.html, reports.html) in a new tab, loaded. */
export const openExtensionPage = (ff: LaunchedFirefox, file: string): Promise<Page> => ff.openExtensionPage(file);

/** One request through the real message API from an extension page (allowed its privileged requests). */
export const callApi = <T extends RequestType>(
  ff: LaunchedFirefox,
  extensionPage: Page,
  type: T,
  payload: unknown = {},
): Promise<ApiReply<T>> => ff.callApi(extensionPage, type, payload);
