// Starts Firefox (ESR from Debian) with the built Carebar extension (.output/firefox-mv3) over WebDriver BiDi and
// answers the real sites (x.com, www.facebook.com …) from the local replica pages, like launch-extension.mjs does
// for Chromium: the same routing (tests/fixtures/routes.mjs), so the content scripts run on the real URLs. Used by
// the Firefox e2e suite (tests/firefox), `npm run demo -- --firefox` and the benchmark.
//
// Carebar's own pages (moz-extension://) can be scripted once loaded, but BiDi never reports their load
// (openExtensionPage works around it). What is not a BiDi target goes through BiDi's privileged chrome scope
// (`--remote-allow-system-access`): the background's IndexedDB (read with the extension's principal), its restarts,
// the sidebar, the console service.
import puppeteer from 'puppeteer-core';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicaResponse } from '../tests/fixtures/routes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIREFOX_EXTENSION_DIR = path.join(root, process.env.CAREBAR_OUT_DIR ?? '.output', 'firefox-mv3');
/** A fixed moz-extension:// host, so the chrome scope can name the extension's origin. */
export const EXTENSION_UUID = '6f6b1d2e-5c1a-4e57-9d3b-ca4eba400001';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];
export const FIREFOX_INSTALL_HINT =
  'No Firefox found. Install one (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`) or set FIREFOX_PATH.';

/** @returns {string | null} */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return FIREFOX_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Answer the replica sites from the local files, let data: URLs through, refuse everything else. */
export async function interceptReplicas(page, overrides = {}) {
  await page.setRequestInterception(true);
  page.on('request', async (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (url.startsWith('data:')) return request.continue();
    const override = overrides[url.split('#')[0]];
    const response = override ? { status: 200, contentType: 'text/html; charset=utf-8', body: override } : await replicaResponse(url);
    return response ? request.respond(response) : request.abort('blockedbyclient');
  });
}

/**
 * @param {{ headless?: boolean, viewport?: { width: number, height: number }, overrides?: Record<string, string>, prefs?: Record<string, unknown> }} [options]
 *   overrides: extra pages by exact URL; prefs: more Firefox preferences
 */
export async function launchFirefoxWithExtension(options = {}) {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(FIREFOX_INSTALL_HINT);
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const extensionId = manifest.browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: options.headless ?? true,
    defaultViewport: options.viewport ?? { width: 1280, height: 900 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [extensionId]: EXTENSION_UUID }),
      // Whatever the interception does not answer (tabs the extension opens) goes nowhere: a closed network.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.share_proxy_settings': true,
      ...options.prefs,
    },
  });
  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (err) {
    await browser.close();
    throw err;
  }
  const connection = browser.connection;

  /** Run `fn` (source of an async function, no arguments) in the browser's privileged chrome scope; JSON result. */
  const chrome = async (fnSource) => {
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const context = tree.result.contexts[0].context;
    const r = await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify((await (${fnSource})()) ?? null))()`,
      target: { context },
      awaitPromise: true,
    });
    if (r.result.type === 'exception') throw new Error(`chrome scope: ${r.result.exceptionDetails.text}\n${fnSource.slice(0, 200)}`);
    return JSON.parse(r.result.result.value);
  };

  return {
    browser,
    extensionId,
    chrome,
    /** A new tab that answers the replica sites (plus `overrides`, full HTML by exact URL). */
    async newPage(overrides = options.overrides) {
      const page = await browser.newPage();
      await interceptReplicas(page, overrides);
      return page;
    },
    /**
     * Open one of Carebar's pages (options.html, sidepanel.html, reports.html) in a tab. puppeteer's goto never sees
     * the load of a moz-extension:// page over BiDi and times out, though the page is there: start the navigation,
     * then wait for the document.
     */
    async openExtensionPage(file) {
      const url = `${EXTENSION_ORIGIN}/${file}`;
      const page = await browser.newPage();
      await page.goto(url, { timeout: 1000 }).catch(() => {});
      for (const until = Date.now() + 15_000; ;) {
        const state = await page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
        if (state === `${url} complete`) return page;
        if (Date.now() > until) throw new Error(`${url} did not load (${state})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** One request through the real message API from an extension page (allowed its privileged requests). */
    callApi(extensionPage, type, payload = {}) {
      return extensionPage.evaluate(
        (type, payload) => globalThis.browser.runtime.sendMessage({ carebar: 1, type, payload }),
        type,
        payload,
      );
    },
    /** Rows of one object store of the extension's IndexedDB (read as the extension's origin, through the chrome scope). */
    async dbRows(store, database = 'carebar') {
      return chrome(`async () => {
        const principal = Services.scriptSecurityManager.createContentPrincipal(Services.io.newURI(${JSON.stringify(EXTENSION_ORIGIN + '/')}), {});
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.openForPrincipal(principal, ${JSON.stringify(database)});
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        try {
          return await new Promise((resolve, reject) => {
            const q = db.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).getAll();
            q.onsuccess = () => resolve(q.result);
            q.onerror = () => reject(q.error);
          });
        } finally {
          db.close();
        }
      }`);
    },
    /** Stop the extension's background (an event page in Firefox), as Firefox does when it is idle. */
    async stopBackground() {
      return chrome(`async () => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        await ExtensionParent.GlobalManager.getExtension(${JSON.stringify(extensionId)}).terminateBackground();
      }`);
    },
    /**
     * Count the background's starts and stops from now on, and time each start (Firefox's start-background-script
     * to background-script-started: loading and running background.js up to its listeners). Read with backgroundStats.
     */
    async watchBackground() {
      return chrome(`async () => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(extensionId)});
        if (window.__carebarBackground) return;
        const stats = (window.__carebarBackground = { starts: 0, stops: 0, startMs: [], pending: 0 });
        ext.on('start-background-script', () => (stats.pending = performance.now()));
        ext.on('background-script-started', () => {
          stats.starts++;
          if (stats.pending) stats.startMs.push(Math.round(performance.now() - stats.pending));
          stats.pending = 0;
        });
        ext.on('shutdown-background-script', () => stats.stops++);
      }`);
    },
    /** @returns {Promise<{ starts: number, stops: number, startMs: number[] }>} */
    async backgroundStats() {
      return chrome(`async () => window.__carebarBackground ?? null`);
    },
    /**
     * Errors the console service holds that came from Carebar (its content scripts, background and pages) or that
     * name it — what a developer would see in the browser console.
     */
    async extensionErrors() {
      return chrome(`async () => Services.console.getMessageArray()
        .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag) && !(m.flags & Ci.nsIScriptError.infoFlag))
        .map((m) => m.sourceName + ':' + m.lineNumber + ':' + m.columnNumber + ': ' + m.errorMessage)
        .filter((s) => s.includes('moz-extension://') || /carebar|Conduit|context unloaded/i.test(s))`);
    },
    async close() {
      await browser.close();
    },
  };
}
