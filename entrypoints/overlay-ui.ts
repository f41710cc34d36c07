import { overlayFeatures } from '../lib/content/overlay-features';
import { overlayUi } from '../lib/content/overlay-ui';
import { OVERLAY_UI_KEY } from '../lib/content/overlay-ui-loader';

// The content scripts' interactive UI, loaded on first use with import(browser.runtime.getURL('/overlay-ui.js'))
// (lib/content/overlay-ui-loader.ts). Web-accessible to the sites' pages only (wxt.config.ts).
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[OVERLAY_UI_KEY] = { ...overlayUi, ...overlayFeatures };
});
