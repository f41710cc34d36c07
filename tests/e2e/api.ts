import type { BrowserContext, Page } from '@playwright/test';
import type { Browser } from 'webextension-polyfill';
import type { ErrorReply, RequestType, ResponseData } from '../../lib/shared/messaging/protocol';

/** Open Carebar's options page: an extension page, allowed to make privileged requests. */
export async function openExtensionPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  return page;
}

/** A reply as tests read it: `data` typed by the request when `ok`, `error` when not (tests check `ok` themselves). */
export interface ApiReply<T extends RequestType> {
  ok: boolean;
  data: ResponseData[T];
  error?: ErrorReply['error'];
}

/** Send one request through the real message API from an extension page (the payload unchecked: tests send bad ones). */
export async function callApi<T extends RequestType>(extensionPage: Page, type: T, payload: unknown = {}): Promise<ApiReply<T>> {
  return extensionPage.evaluate(
    ([type, payload]) =>
      (globalThis as unknown as { chrome: Browser }).chrome.runtime.sendMessage({ carebar: 1, type, payload }) as Promise<ApiReply<T>>,
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
