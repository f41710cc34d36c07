// The queue in the side panel: per-row actions act at once and can be undone; a selection is ignored in bulk; the
// breached / due counts cover every open item whatever the filters; follow-ups group under the first post.
import { readFileSync } from 'node:fs';
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

/** A customer comment on the brand's Facebook page, as the content script reports it. */
function fbPost(id: string, minutesAgo: number, o: { handle: string; name: string; text: string }) {
  return {
    ...xPost(id, minutesAgo, { text: o.text }),
    channel: 'facebook',
    key: `facebook:${id}`,
    permalink: `https://www.facebook.com/AcmeSupport/posts/${id}`,
    authorHandle: o.handle,
    authorName: o.name,
  };
}

const DEMO_CUSTOMERS: unknown[] = JSON.parse(readFileSync('scripts/demo-customers.json', 'utf8'));

test('queue: rows say tier, channel and SLA state in words; bulk claim and bulk replied with undo; counts ignore every filter', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await callApi(ext, 'settings.update', {
    settings: {
      agentName: 'Sam Rivera',
      agentInitials: 'SR',
      brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport'] },
      setupDone: true,
    },
  });
  const crm = await callApi(ext, 'crm.importRows', { rows: DEMO_CUSTOMERS.map((customer, i) => ({ row: i + 1, customer })) });
  expect(crm).toMatchObject({ ok: true, data: { rejected: [] } });
  // X: due after 15 min, breached after 30; Facebook: due after 25 min, breached after 24 h.
  await seePosts(ext, [
    xPost('3001', 95, { handle: 'acmecustomer', name: 'Sam Rivera', text: '@AcmeSupport where is order 48213?' }),
    xPost('3002', 50, { handle: 'maya_bakes', name: 'Maya Chen', text: '@AcmeSupport the mixer grinds again' }),
    xPost('3003', 20, { handle: 'dana_ships', name: 'Dana Okafor', text: '@AcmeSupport tracking stuck' }),
    xPost('3004', 4, { handle: 'walk_in', name: 'Walk In', text: '@AcmeSupport do you ship to Oslo?' }),
    fbPost('3005', 40, { handle: 'lena.mueller', name: 'Lena Müller', text: 'Meine Bestellung fehlt' }),
    xPost('3006', 3, { handle: 'maya_bakes', name: 'Maya Chen', text: '@AcmeSupport and the bowl wobbles', inReplyTo: '3002' }),
  ]);

  const panel = await context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const rows = panel.getByTestId('carebar-queue-item');
  const row = (key: string) => panel.locator(`[data-testid="carebar-queue-item"][data-carebar-id="${key}"]`);
  const counts = panel.getByTestId('carebar-queue-counts');
  const chip = (f: string) => panel.locator(`[data-testid="carebar-queue-chip"][data-filter="${f}"]`);
  await expect(rows).toHaveCount(5);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-carebar-id')))).toEqual([
    'x:3001',
    'x:3002',
    'facebook:3005',
    'x:3003',
    'x:3004',
  ]);

  // Tier (priority tiers marked), channel and the SLA state in words, on each row.
  await expect(row('x:3001').getByTestId('carebar-queue-tier')).toHaveText('VIP');
  await expect(row('x:3001').getByTestId('carebar-queue-tier')).toHaveClass(/\bvip\b/);
  await expect(row('x:3002').getByTestId('carebar-queue-tier')).toHaveText('Gold');
  await expect(row('x:3003').getByTestId('carebar-queue-tier')).toHaveText('Standard');
  await expect(row('x:3003').getByTestId('carebar-queue-tier')).not.toHaveClass(/\bvip\b/);
  await expect(row('facebook:3005').getByTestId('carebar-queue-tier')).toHaveText('VIP');
  await expect(row('x:3004').getByTestId('carebar-queue-tier')).toHaveCount(0); // not in the CRM
  await expect(row('x:3001').getByTestId('carebar-queue-sla')).toHaveText(/Breached · 1h 3\dm/);
  await expect(row('x:3002').getByTestId('carebar-queue-sla')).toHaveText(/Breached · 50m/);
  await expect(row('facebook:3005').getByTestId('carebar-queue-sla')).toHaveText(/Due · 40m/);
  await expect(row('x:3003').getByTestId('carebar-queue-sla')).toHaveText(/Due · 20m/);
  await expect(row('x:3004').getByTestId('carebar-queue-sla')).toHaveText(/On time · [45]m/);
  await expect(row('x:3004')).toHaveAttribute('data-sla-state', 'ok');
  await expect(row('x:3001').getByTestId('carebar-queue-status')).toHaveText('Unclaimed · X · @acmecustomer');
  await expect(row('facebook:3005').getByTestId('carebar-queue-status')).toHaveText('Unclaimed · Facebook · lena.mueller');
  const expectCounts = async () => {
    await expect(counts).toHaveAttribute('data-breached', '2');
    await expect(counts).toHaveAttribute('data-due', '2');
    await expect(counts).toHaveAttribute('data-open', '6');
  };
  await expectCounts();

  // Every kind of filter narrows the rows, never the counts.
  await chip('channel:facebook').click();
  await expect(rows).toHaveCount(1);
  await expectCounts();
  await chip('channel:facebook').click();
  await chip('sla:due').click();
  await expect(rows).toHaveCount(2);
  await expectCounts();
  await chip('sla:due').click();
  await panel.getByTestId('carebar-queue-search').fill('wobbles'); // matches Maya's follow-up: her row shows
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-carebar-id', 'x:3002');
  await expectCounts();
  await panel.getByTestId('carebar-queue-search').fill('');
  await expect(rows).toHaveCount(5);

  // Bulk claim: two rows, one undo for both.
  await row('x:3003').getByTestId('carebar-queue-select').check();
  await row('facebook:3005').getByTestId('carebar-queue-select').check();
  await expect(panel.getByTestId('carebar-queue-bulk')).toContainText('2 selected');
  await panel.getByTestId('carebar-queue-bulk-claim').click();
  await expect.poll(async () => [await stateOf(ext, 'x:3003'), await stateOf(ext, 'facebook:3005')]).toEqual(['claimed', 'claimed']);
  expect(await stateOf(ext, 'x:3001')).toBe('new');
  await expect(row('x:3003').getByTestId('carebar-queue-status')).toHaveText(/^Claimed by you/);
  await expect(row('facebook:3005').getByTestId('carebar-queue-status')).toHaveText(/^Claimed by you/);
  await expect(row('x:3003').getByTestId('carebar-queue-claim')).toHaveText('Unclaim');
  await expect(panel.getByTestId('carebar-queue-toast')).toContainText('Claimed: 2 conversations');
  await expect(rows).toHaveCount(5); // claimed rows stay in the queue…
  await expectCounts(); // …and still count
  await chip('state:claimed').click();
  await expect(rows).toHaveCount(2);
  await chip('state:claimed').click();
  await panel.getByTestId('carebar-queue-undo').click();
  await expect.poll(async () => [await stateOf(ext, 'x:3003'), await stateOf(ext, 'facebook:3005')]).toEqual(['new', 'new']);
  await expect(row('x:3003').getByTestId('carebar-queue-status')).toHaveText(/^Unclaimed/);
  // The selection stays after a claim: still two rows selected.
  await expect(row('x:3003').getByTestId('carebar-queue-select')).toBeChecked();

  // Bulk replied: a grouped row answers its follow-up too; the rows leave; undo brings all three back.
  await row('x:3003').getByTestId('carebar-queue-select').uncheck();
  await row('facebook:3005').getByTestId('carebar-queue-select').uncheck();
  await row('x:3002').getByTestId('carebar-queue-select').check();
  await row('x:3004').getByTestId('carebar-queue-select').check();
  await panel.getByTestId('carebar-queue-bulk-replied').click();
  await expect(rows).toHaveCount(3);
  await expect(row('x:3002')).toHaveCount(0);
  await expect(row('x:3004')).toHaveCount(0);
  expect(await Promise.all(['x:3002', 'x:3006', 'x:3004'].map((k) => stateOf(ext, k)))).toEqual(['replied', 'replied', 'replied']);
  await expect(counts).toHaveAttribute('data-breached', '1');
  await expect(counts).toHaveAttribute('data-open', '3');
  await expect(panel.getByTestId('carebar-queue-toast')).toContainText('Marked replied: 2 conversations');
  await expect(panel.getByTestId('carebar-queue-select-all')).not.toBeChecked(); // the selection left with the rows
  await panel.getByTestId('carebar-queue-undo').click();
  await expect(rows).toHaveCount(5);
  expect(await Promise.all(['x:3002', 'x:3006', 'x:3004'].map((k) => stateOf(ext, k)))).toEqual(['new', 'new', 'new']);
  await expect(row('x:3002').getByTestId('carebar-queue-followup')).toHaveAttribute('data-carebar-id', 'x:3006');
  await expectCounts();
});

test('queue: arrow keys, Home/End and x select from the keyboard; r marks the selection replied', async ({ extension }) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await seePosts(ext, [xPost('4001', 60), xPost('4002', 40), xPost('4003', 20), xPost('4004', 5)]);
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const rows = panel.getByTestId('carebar-queue-item');
  const row = (key: string) => panel.locator(`[data-testid="carebar-queue-item"][data-carebar-id="${key}"]`);
  await expect(rows).toHaveCount(4);

  // "/" jumps to the search; ArrowDown from it lands on the first row.
  await rows.first().focus();
  await panel.keyboard.press('/');
  await expect(panel.getByTestId('carebar-queue-search')).toBeFocused();
  await panel.keyboard.press('ArrowDown');
  await expect(row('x:4001')).toBeFocused();
  await panel.keyboard.press('End');
  await expect(row('x:4004')).toBeFocused();
  await panel.keyboard.press('ArrowUp');
  await expect(row('x:4003')).toBeFocused();
  await panel.keyboard.press('x');
  await expect(row('x:4003').getByTestId('carebar-queue-select')).toBeChecked();
  await panel.keyboard.press('Home');
  await expect(row('x:4001')).toBeFocused();
  await panel.keyboard.press('x');
  await expect(panel.getByTestId('carebar-queue-bulk')).toContainText('2 selected');
  // Only one row is in the tab order: the focused one.
  expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).tabIndex))).toEqual([0, -1, -1, -1]);

  // r acts on the selection, not only the focused row; focus moves to the row that takes its place.
  await panel.keyboard.press('r');
  await expect(rows).toHaveCount(2);
  expect(await Promise.all(['x:4001', 'x:4002', 'x:4003', 'x:4004'].map((k) => stateOf(ext, k)))).toEqual([
    'replied',
    'new',
    'replied',
    'new',
  ]);
  await expect(row('x:4002')).toBeFocused();
  // u undoes the last action from the keyboard.
  await panel.keyboard.press('u');
  await expect(rows).toHaveCount(4);
  expect(await Promise.all(['x:4001', 'x:4003'].map((k) => stateOf(ext, k)))).toEqual(['new', 'new']);
});
