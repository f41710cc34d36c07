import { browser } from '../shared/browser';
import type { HoursMath } from '../shared/sla';
import type { OverlayFeatures } from './overlay-features';
import type { openReplyBox } from './sites/facebook/reply-box';
import type { OverlayUi as OverlayPanels } from './overlay-ui';

/** What /overlay-ui.js hands over: the panels (lib/content/overlay-ui.ts) and the features' interactive parts. */
export type OverlayUi = OverlayPanels & OverlayFeatures;

/** Where /overlay-ui.js leaves its parts: a property of the content script's own (isolated) global. */
export const OVERLAY_UI_KEY = '__carebarOverlayUi';
export const OVERLAY_UI_PATH = '/overlay-ui.js';

const loading = new Map<string, Promise<unknown>>();

/**
 * One of the extension's own scripts that content scripts load on first use (web-accessible to the sites' pages
 * only, wxt.config.ts): a dynamic import of `path`, which runs in this content script's isolated world (the page
 * cannot see it) and leaves what it hands over on that world's global, as `key`. Loaded once; a failed load is
 * tried again on the next call.
 */
export function loadExtensionScript<T>(path: string, key: string): Promise<T> {
  const holder = globalThis as Record<string, unknown>;
  if (holder[key]) return Promise.resolve(holder[key] as T);
  let pending = loading.get(path);
  if (!pending) {
    // eslint-disable-next-line no-unsanitized/method -- the extension's own file: runtime.getURL of a constant path
    pending = import(/* @vite-ignore */ browser.runtime.getURL(path)).then(
      () => {
        if (!holder[key]) throw new Error(`${path} loaded but left nothing`);
        return holder[key];
      },
      (err: unknown) => {
        loading.delete(path);
        throw err;
      },
    );
    loading.set(path, pending);
  }
  return pending as Promise<T>;
}

/**
 * The interactive UI (lib/content/overlay-ui.ts), loaded once on first use. Call `warmOverlayUi` where the agent is
 * about to need it (pointer down or focus on a button that opens a panel), so the first click does not wait.
 */
export const loadOverlayUi = (): Promise<OverlayUi> => loadExtensionScript(OVERLAY_UI_PATH, OVERLAY_UI_KEY);

/** Start loading the interactive UI now (errors are reported when it is actually used). */
export function warmOverlayUi(): void {
  loadOverlayUi().catch(() => {});
}

/** Where /business-hours.js (entrypoints/business-hours.ts) leaves the business-hours arithmetic. */
export const BUSINESS_HOURS_KEY = '__carebarBusinessHours';

/** The business-hours arithmetic for the SLA clock, loaded only when the team's business hours are set. */
export const loadBusinessHours = (): Promise<HoursMath> => loadExtensionScript('/business-hours.js', BUSINESS_HOURS_KEY);

/** Where /facebook-reply-box.js (entrypoints/facebook-reply-box.ts) leaves Facebook's reply-box opener. */
export const FACEBOOK_REPLY_BOX_KEY = '__carebarFacebookReplyBox';

/** Facebook's reply-box opener (lib/content/sites/facebook/reply-box.ts), loaded when Snippets is first asked for. */
export const loadFacebookReplyBox = (): Promise<typeof openReplyBox> =>
  loadExtensionScript('/facebook-reply-box.js', FACEBOOK_REPLY_BOX_KEY);
