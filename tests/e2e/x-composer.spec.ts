// The replica's Draft.js reply composer behaves like X's (no extension involved): a synthetic paste inserts the
// text exactly once, enables the Reply button, and Ctrl+Z undoes it. Carebar's reply insertion relies on this.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { resolveFixture } from '../fixtures/routes.mjs';
import type { ReplicaWindow } from '../fixtures/replica-window';

const STATUS_URL = 'https://x.com/AcmeCustomer/status/2126061954790609879';

test.beforeEach(async ({ page }) => {
  await page.route(/^https?:\/\//, async (route) => {
    const fixture = resolveFixture(route.request().url());
    if (!fixture) return route.abort('blockedbyclient');
    return route.fulfill({ status: 200, contentType: fixture.contentType, body: await readFile(fixture.file) });
  });
});

test('Draft.js composer: paste once, Reply enabled, undo', async ({ page }) => {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(STATUS_URL);
  const editor = page.locator('.DraftEditor-root [data-testid="tweetTextarea_0"][contenteditable="true"][role="textbox"]');
  const reply = page.getByTestId('tweetButtonInline');
  await expect(editor).toHaveCount(1);
  await expect(reply).toHaveAttribute('aria-disabled', 'true');
  await expect(reply).toBeDisabled();

  await editor.click();
  await editor.evaluate((el) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'Hi Sam, we are on it.');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await expect(editor).toHaveText('Hi Sam, we are on it.');
  await expect(reply).toBeEnabled();
  await expect(reply).not.toHaveAttribute('aria-disabled', 'true');

  await page.keyboard.press('Control+z');
  await expect(editor).toHaveText('');
  await expect(reply).toBeDisabled();

  // Typing and sending adds the reply under the focused post, like X.
  await editor.click();
  await page.keyboard.type('Thanks Sam!');
  await reply.click();
  await expect(page.getByTestId('toast')).toContainText('Your post was sent.');
  await expect(page.locator('article[data-testid="tweet"]').nth(1).getByTestId('tweetText')).toHaveText('Thanks Sam!');
  expect(errors).toEqual([]);
});

test('virtual timeline and client-side navigation', async ({ page }) => {
  await page.goto('https://x.com/home');
  const cells = page.locator('[data-testid="cellInnerDiv"]');
  expect(await cells.count()).toBeLessThanOrEqual(12);
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++)
    for (const k of await page.evaluate(() => (window as unknown as ReplicaWindow).__replica.cycle())) seen.add(k);
  const all: string[] = await page.evaluate(() => (window as unknown as ReplicaWindow).__replica.allKeys());
  expect([...seen].sort()).toEqual([...all].sort());
  const stats = await page.evaluate(() => (window as unknown as ReplicaWindow).__replica.stats);
  expect(stats.reusedCells + stats.reusedArticles).toBeGreaterThan(0);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => (window as unknown as ReplicaWindow).__replica.navigate('/AcmeCustomer/status/2126061954790609879'));
  await expect(page).toHaveURL(STATUS_URL);
  await expect(page.getByTestId('tweetTextarea_0')).toHaveCount(1);
  await page.goBack();
  await expect(page).toHaveURL('https://x.com/home');
  await expect(page.locator('article[data-testid="tweet"]').first()).toBeVisible();
});
