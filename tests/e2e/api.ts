import type { BrowserContext, Page } from '@playwright/test';

/** Open Carebar's options page: an extension page, allowed to make privileged requests. */
export async function openExtensionPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  return page;
}

/** Send one request through the real message API from an extension page. */
export async function callApi<T = any>(extensionPage: Page, type: string, payload: unknown = {}): Promise<T> {
  return extensionPage.evaluate(
    ([type, payload]) => (globalThis as any).chrome.runtime.sendMessage({ carebar: 1, type, payload }),
    [type, payload] as const,
  );
}

/** Stop the extension's service worker, as Chrome does when it is idle. */
export async function stopServiceWorker(extensionPage: Page): Promise<void> {
  const cdp = await extensionPage.context().newCDPSession(extensionPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
