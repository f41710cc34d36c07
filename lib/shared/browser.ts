import type { Browser } from 'webextension-polyfill';

/**
 * The extension API as the browser itself provides it: Firefox's `browser`, Chromium's `chrome` (MV3: both return
 * promises when no callback is given). Content scripts and the messaging client use this instead of
 * webextension-polyfill (~3 KB gzip in every page's content script); they call only the promise forms both browsers
 * share. The background and the extension pages keep the polyfill. Typed with the polyfill's types (type only).
 */
type Globals = { browser?: { runtime?: { id?: string } }; chrome?: unknown };
const g = globalThis as unknown as Globals;
export const browser = (g.browser?.runtime?.id ? g.browser : g.chrome) as Browser;
