import { browser } from '../shared/browser';
import type { OverlayFeatures } from './overlay-features';
import type { OverlayUi as OverlayPanels } from './overlay-ui';

/** What /overlay-ui.js hands over: the panels (lib/content/overlay-ui.ts) and the features' interactive parts. */
export type OverlayUi = OverlayPanels & OverlayFeatures;

/** Where /overlay-ui.js leaves its parts: a property of the content script's own (isolated) global. */
export const OVERLAY_UI_KEY = '__carebarOverlayUi';
export const OVERLAY_UI_PATH = '/overlay-ui.js';

type Holder = { [OVERLAY_UI_KEY]?: OverlayUi };
let loading: Promise<OverlayUi> | null = null;

/**
 * The interactive UI (lib/content/overlay-ui.ts), loaded once on first use: a dynamic import of the extension's own
 * /overlay-ui.js, which runs in this content script's isolated world (the page cannot see it) and hands its parts
 * over on that world's global. Call `warmOverlayUi` where the agent is about to need it (pointer down or focus on
 * a button that opens a panel), so the first click does not wait.
 */
export function loadOverlayUi(): Promise<OverlayUi> {
  const holder = globalThis as Holder;
  const ready = holder[OVERLAY_UI_KEY];
  if (ready) return Promise.resolve(ready);
  // eslint-disable-next-line no-unsanitized/method -- the extension's own file: runtime.getURL of a constant path
  loading ??= import(/* @vite-ignore */ browser.runtime.getURL(OVERLAY_UI_PATH)).then(
    () => {
      const ui = holder[OVERLAY_UI_KEY];
      if (!ui) throw new Error(`${OVERLAY_UI_PATH} loaded but left nothing`);
      return ui;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Start loading the interactive UI now (errors are reported when it is actually used). */
export function warmOverlayUi(): void {
  loadOverlayUi().catch(() => {});
}
