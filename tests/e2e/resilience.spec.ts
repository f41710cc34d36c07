import { callApi, openExtensionPage, stopServiceWorker } from './api';
import { collectPageErrors, expect, test } from './harness';
import type { Browser } from 'webextension-polyfill';

test.describe('content scripts survive the background going away', () => {
  test('a stopped service worker restarts on demand; state changes still work and still sync', async ({ extension }) => {
    const { context, extensionId } = extension;
    const tabA = await context.newPage();
    const errorsA = collectPageErrors(tabA);
    await tabA.goto('https://x.com/home');
    const tabB = await context.newPage();
    await tabB.goto('https://x.com/home');
    const firstA = tabA.locator('[data-testid="carebar-toolbar"]').first();
    await expect(firstA).toBeVisible({ timeout: 20_000 });
    const key = (await firstA.getAttribute('data-carebar-id'))!;

    const ext = await openExtensionPage(context, extensionId);
    const before = await callApi(ext, 'ping');
    expect(before.ok).toBe(true);
    // No pause for the ports to drop: the claim below wakes a new worker, and tab B's assertion waits (10 s) for
    // its port to notice the drop and reconnect.
    await stopServiceWorker(ext);

    await tabA.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`).getByTestId('carebar-claim').click();
    await expect(tabA.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`).getByTestId('carebar-state')).toHaveAttribute(
      'data-state',
      'claimed',
    );
    // The other tab reconnected its port to the new service worker and hears about it.
    await expect(tabB.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`).getByTestId('carebar-state')).toHaveAttribute(
      'data-state',
      'claimed',
      { timeout: 10_000 },
    );

    const after = await callApi(ext, 'ping');
    expect(after.data.startedAt).not.toBe(before.data.startedAt); // it really was a new service worker
    expect(errorsA).toEqual([]);
  });

  test('after an extension reload the page keeps working and shows a quiet reload hint', async ({ extension }) => {
    const { context, serviceWorker } = extension;
    const tab = await context.newPage();
    const errors = collectPageErrors(tab);
    await tab.goto('https://x.com/home');
    await expect(tab.locator('[data-testid="carebar-toolbar"]').first()).toBeVisible({ timeout: 20_000 });

    await serviceWorker.evaluate(() => (globalThis as unknown as { chrome: Browser }).chrome.runtime.reload()).catch(() => {});
    await expect(tab.getByTestId('carebar-reload-hint')).toBeVisible({ timeout: 20_000 });
    // The orphaned toolbars are gone rather than failing on every click.
    await expect(tab.locator('[data-testid="carebar-toolbar"]')).toHaveCount(0);
    // The page itself is untouched and still scrolls.
    await tab.mouse.wheel(0, 800);
    expect(errors).toEqual([]);
  });
});
