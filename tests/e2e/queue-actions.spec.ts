// The queue in the side panel: per-row actions act at once and can be undone; a selection is ignored in bulk; the
// breached / due counts cover every open item whatever the filters; follow-ups group under the first post.
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';
import { seePosts, stateOf, xPost } from './pages-seed';

test('queue: claim, replied and ignore act at once with undo; bulk ignore; counts ignore the filters', async ({ extension }) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await callApi(ext, 'settings.update', {
    settings: { agentName: 'Sam Rivera', agentInitials: 'SR', brandAccounts: { x: ['AcmeSupport'], facebook: [] }, setupDone: true },
  });
  // X: due after 15 min, breached after 30. Two breached, two due, two on time; 1006 is a follow-up of 1001.
  await seePosts(ext, [
    xPost('1001', 90, { handle: 'maya_bakes', name: 'Maya Lopez', text: '@AcmeSupport my mixer grinds on speed 4' }),
    xPost('1002', 45, { handle: 'ben_rants', name: 'Ben Carter', text: '@AcmeSupport three emails, no answer' }),
    xPost('1003', 20, { handle: 'lina_k', name: 'Lina Kaur', text: '@AcmeSupport thanks for the quick help!' }),
    xPost('1004', 18, { handle: 'grace_h', name: 'Grace Ho', text: '@AcmeSupport thank you, all sorted' }),
    xPost('1005', 3, { handle: 'pat_q', name: 'Pat Quinn', text: '@AcmeSupport gift card shows $0' }),
    xPost('1006', 2, { handle: 'maya_bakes', name: 'Maya Lopez', text: '@AcmeSupport also the bowl wobbles', inReplyTo: '1001' }),
  ]);

  const panel = await context.newPage();
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const rows = panel.getByTestId('carebar-queue-item');
  const row = (key: string) => panel.locator(`[data-testid="carebar-queue-item"][data-carebar-id="${key}"]`);
  const counts = panel.getByTestId('carebar-queue-counts');

  // One row per conversation, most urgent first; Maya's follow-up sits under her first post.
  await expect(rows).toHaveCount(5);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-carebar-id')))).toEqual([
    'x:1001',
    'x:1002',
    'x:1003',
    'x:1004',
    'x:1005',
  ]);
  await expect(row('x:1001').getByTestId('carebar-queue-followup')).toHaveAttribute('data-carebar-id', 'x:1006');
  await expect(row('x:1001')).toContainText('Breached');
  await expect(row('x:1003')).toContainText('Due');
  await expect(counts).toHaveAttribute('data-breached', '2');
  await expect(counts).toHaveAttribute('data-due', '2');
  await expect(counts).toHaveAttribute('data-open', '6');

  // The actions are there without hovering, on every row.
  for (const id of ['carebar-queue-claim', 'carebar-queue-replied', 'carebar-queue-ignore', 'carebar-queue-select']) {
    await expect(row('x:1005').getByTestId(id)).toBeVisible();
  }

  // Claim acts at once (no delayed commit): the background has it before any undo window ends.
  await row('x:1002').getByTestId('carebar-queue-claim').click();
  await expect.poll(() => stateOf(ext, 'x:1002')).toBe('claimed');
  await expect(row('x:1002').getByTestId('carebar-queue-status')).toHaveText(/Claimed by you/);
  await panel.getByTestId('carebar-queue-undo').click();
  await expect.poll(() => stateOf(ext, 'x:1002')).toBe('new');

  // Replied on a grouped row answers the follow-up too; the row leaves; undo brings both back.
  await row('x:1001').getByTestId('carebar-queue-replied').click();
  await expect(row('x:1001')).toHaveCount(0);
  expect([await stateOf(ext, 'x:1001'), await stateOf(ext, 'x:1006')]).toEqual(['replied', 'replied']);
  await expect(counts).toHaveAttribute('data-breached', '1');
  await panel.getByTestId('carebar-queue-undo').click();
  await expect(row('x:1001')).toHaveCount(1);
  expect([await stateOf(ext, 'x:1001'), await stateOf(ext, 'x:1006')]).toEqual(['new', 'new']);

  // Filters narrow the rows, never the counts.
  await panel.locator('[data-testid="carebar-queue-chip"][data-filter="sla:breached"]').click();
  await expect(rows).toHaveCount(2);
  await expect(counts).toHaveAttribute('data-breached', '2');
  await expect(counts).toHaveAttribute('data-due', '2');
  await panel.locator('[data-testid="carebar-queue-chip"][data-filter="sla:breached"]').click();
  await expect(rows).toHaveCount(5);

  // Select the thank-yous (found by words) and ignore them in one go.
  await panel.getByTestId('carebar-queue-search').fill('thank');
  await expect(rows).toHaveCount(2);
  await panel.getByTestId('carebar-queue-select-all').check();
  await panel.getByTestId('carebar-queue-search').fill('');
  await expect(rows).toHaveCount(5);
  await expect(row('x:1003').getByTestId('carebar-queue-select')).toBeChecked();
  await panel.getByTestId('carebar-queue-bulk-ignore').click();
  await expect(rows).toHaveCount(3);
  expect([await stateOf(ext, 'x:1003'), await stateOf(ext, 'x:1004')]).toEqual(['ignored', 'ignored']);
  await expect(counts).toHaveAttribute('data-due', '0');
  await expect(panel.getByTestId('carebar-queue-toast')).toContainText('Ignored: 2 conversations');
  await panel.getByTestId('carebar-queue-undo').click();
  await expect(rows).toHaveCount(5);
  expect([await stateOf(ext, 'x:1003'), await stateOf(ext, 'x:1004')]).toEqual(['new', 'new']);

  // A row selected by checkbox, ignored by the bulk button.
  await row('x:1005').getByTestId('carebar-queue-select').check();
  await panel.getByTestId('carebar-queue-bulk-ignore').click();
  await expect.poll(() => stateOf(ext, 'x:1005')).toBe('ignored');
  await expect(rows).toHaveCount(4);
});

test('queue: keyboard — j/k move, c claims, i ignores the focused row; empty state when all is done', async ({ extension }) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await seePosts(ext, [xPost('2001', 40), xPost('2002', 20)]);
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 360, height: 700 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const rows = panel.getByTestId('carebar-queue-item');
  await expect(rows).toHaveCount(2);
  await rows.first().focus();
  await panel.keyboard.press('j');
  await expect(rows.nth(1)).toBeFocused();
  await panel.keyboard.press('c');
  await expect.poll(() => stateOf(ext, 'x:2002')).toBe('claimed');
  await panel.keyboard.press('k');
  await expect(rows.nth(0)).toBeFocused();
  await panel.keyboard.press('i');
  await expect.poll(() => stateOf(ext, 'x:2001')).toBe('ignored');
  await expect(rows).toHaveCount(1);
  await panel.keyboard.press('r');
  await expect.poll(() => stateOf(ext, 'x:2002')).toBe('replied');
  await expect(panel.getByTestId('carebar-queue-empty')).toContainText('All caught up');
  // Nothing spills sideways at the narrowest width.
  expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
