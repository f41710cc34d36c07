// Starts Chromium with the built Carebar extension and routes the real sites (x.com, twitter.com,
// www.facebook.com) to the local replica pages, so the content scripts run on the real URLs. Used by the
// end-to-end tests, the demo and the benchmark: one way to do it.
import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicaResponse } from '../tests/fixtures/routes.mjs';
import { BROWSER_ARGS, findBrowser, INSTALL_HINT } from './find-browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXTENSION_DIR = path.join(root, process.env.CAREBAR_OUT_DIR ?? '.output', 'chrome-mv3');

/** Serve replica pages for the real sites; refuse everything else (no test reaches the outside world). */
export async function routeReplicas(context) {
  await context.route(/^https?:\/\//, async (route) => {
    const response = await replicaResponse(route.request().url());
    return response ? route.fulfill(response) : route.abort('blockedbyclient');
  });
}

/** options.extensionDir: load the extension from elsewhere (an unpacked extension's id follows from its folder). */
export async function launchWithExtension(options = {}) {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error(INSTALL_HINT);
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'carebar-profile-')));
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    args: [...BROWSER_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  await routeReplicas(context);
  let [serviceWorker] = context.serviceWorkers();
  serviceWorker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(serviceWorker.url()).host;
  // A fresh install opens the first-run setup in a tab; close it so it cannot take over a page a script opens next.
  if (!options.keepSetupPage) {
    const setup =
      context.pages().find((p) => p.url().includes('/options.html')) ??
      (await context.waitForEvent('page', { predicate: (p) => p.url().includes('/options.html'), timeout: 5_000 }).catch(() => null));
    await setup?.close();
  }
  return {
    context,
    serviceWorker,
    extensionId,
    async close() {
      await context.close();
      if (!options.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
