// What the issue-17 specs (quality, thread interactions, viral risk) share: the team's settings, a site tab with its
// page errors collected, and the "later visit" of a replica page whose markup changed in one place.
import type { BrowserContext, Page } from '@playwright/test';
import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect } from './harness';

export const QUALITY_SETTINGS = {
  agentName: 'Ana Lopez',
  agentInitials: 'AL',
  brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport'] },
  setupDone: true,
};

/** An extension page (privileged requests) with the settings saved, and a fresh tab for the site. */
export async function qualitySetup(context: BrowserContext, extensionId: string): Promise<{ ext: Page; tab: Page; errors: Error[] }> {
  const ext = await openExtensionPage(context, extensionId);
  expect(await callApi(ext, 'settings.update', { settings: QUALITY_SETTINGS })).toMatchObject({ ok: true });
  const tab = await context.newPage();
  return { ext, tab, errors: collectPageErrors(tab) };
}

/**
 * Reload `tab` with the page as the site serves it on a later visit: `html` with the markup from `start` to `end`
 * rewritten by `change` (which must change something), for requests matching `url`.
 */
export async function revisitChanged(tab: Page, url: RegExp, html: string, start: number, end: number, change: (slice: string) => string) {
  expect(start).toBeGreaterThan(0);
  const changed = change(html.slice(start, end));
  expect(changed).not.toBe(html.slice(start, end));
  await tab.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html.slice(0, start) + changed + html.slice(end) }),
  );
  await tab.reload();
}

/** The side panel's queue rows, most urgent first. */
export async function queueRows(context: BrowserContext, extensionId: string) {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  return panel.getByTestId('carebar-queue-item');
}
