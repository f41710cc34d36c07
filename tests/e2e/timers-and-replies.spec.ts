import { readFileSync } from 'node:fs';
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';

const X = JSON.parse(readFileSync('tests/fixtures/x/expected.json', 'utf8'));
const FACEBOOK = JSON.parse(readFileSync('tests/fixtures/facebook/expected.json', 'utf8'));

test('timers go ok → due → breached live, and a policy change applies to open items at once', async ({ extension }) => {
  const { context, extensionId } = extension;
  const post = X.pages.search.posts[1];
  const tab = await context.newPage();
  await tab.goto(X.pages.search.url);
  const timer = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${post.key}"]`).getByTestId('carebar-timer');
  await expect(timer).toHaveAttribute('data-sla-state', /^(ok|due|breached)$/, { timeout: 30_000 });

  // A policy whose target is 4 s and whose breach is 8 s past this post's current wait.
  const ageNow = Math.floor((Date.now() - Date.parse(post.postedAt)) / 1000);
  const ext = await openExtensionPage(context, extensionId);
  const saved = await callApi(ext, 'settings.update', {
    settings: { sla: { x: { targetSec: ageNow + 4, breachSec: ageNow + 8 }, facebook: { targetSec: 1500, breachSec: 86400 } } },
  });
  expect(saved.ok).toBe(true);
  await expect(timer).toHaveAttribute('data-sla-state', 'ok', { timeout: 3_000 });
  await expect(timer).toHaveAttribute('data-sla-state', 'due', { timeout: 8_000 });
  await expect(timer).toHaveAttribute('data-sla-state', 'breached', { timeout: 8_000 });
  const age = Number(await timer.getAttribute('data-age-seconds'));
  expect(age).toBeGreaterThanOrEqual(ageNow + 8);

  // Claimed items keep their clock; answered ones stop it.
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${post.key}"]`);
  await toolbar.getByTestId('carebar-claim').click();
  await expect(timer).toHaveAttribute('data-sla-state', 'breached');
  await toolbar.getByTestId('carebar-mark-replied').click();
  await expect(timer).toHaveAttribute('data-sla-state', 'stopped');
  // Undo within 10 s puts it back.
  await toolbar.getByTestId('carebar-undo').click();
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  await expect(timer).toHaveAttribute('data-sla-state', 'breached');
});

test('submitting the site’s own composer marks the item replied (Facebook, Enter in Lexical)', async ({ extension }) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await callApi(ext, 'settings.update', { settings: { agentName: 'Sam Rivera' } });
  const page = FACEBOOK.pages['group-post'];
  const story = page.items.find((i: any) => i.kind === 'post');
  const tab = await context.newPage();
  await tab.goto(page.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${story.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });

  const composer = tab.locator(`div[role="textbox"][contenteditable="true"][aria-label="${page.composerLabel}"]`).first();
  await composer.click();
  await tab.keyboard.type('Thanks for flagging this, we are on it.');
  await tab.keyboard.press('Enter');
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied', { timeout: 5_000 });
  const history = await callApi(ext, 'items.history', { key: story.key });
  expect(history.data.events.at(-1)).toMatchObject({ to: 'replied', agent: 'Sam Rivera' });
});

test('keyboard shortcuts act on the focused post, and ? shows the help', async ({ extension }) => {
  const tab = await extension.context.newPage();
  await tab.goto(X.pages.notifications.url);
  const keys = X.pages.notifications.posts.map((p: any) => p.key);
  await expect(tab.locator('[data-testid="carebar-toolbar"]')).toHaveCount(keys.length, { timeout: 30_000 });
  await tab.locator('body').click({ position: { x: 5, y: 5 } });
  await tab.keyboard.press('j');
  await tab.keyboard.press('j');
  await tab.keyboard.press('c');
  const second = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${keys[1]}"]`);
  await expect(second.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  await tab.keyboard.press('r');
  await expect(second.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied');
  await tab.keyboard.press('i'); // replied → ignored is not a move the state machine allows
  await tab.keyboard.press('u'); // undo the reply within 10 s
  await expect(second.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  // k goes back to the first post.
  await tab.keyboard.press('k');
  await tab.keyboard.press('c');
  await expect(tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${keys[0]}"]`).getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  await tab.keyboard.press('?');
  await expect(tab.getByTestId('carebar-shortcut-help')).toBeVisible();
});
