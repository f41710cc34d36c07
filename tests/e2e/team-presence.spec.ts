import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { natsServerPath } from '../integration/nats-server';
import { callApi, openExtensionPage } from './api';
import { stateOf } from './pages-seed';
import { expect, test } from './harness';
import { joinTeam, startTwoAgents } from './team-helpers';

// Team presence, the supervisors' team view and the queue's error state in real Chromium: Ana (agent) and Sam
// (supervisor) in two browser profiles, each connected to a real nats-server through its own cuttable proxy.
// Presence beats every second here (team config), so a presence is stale after three missed beats.

const X = JSON.parse(readFileSync('tests/fixtures/x/expected.json', 'utf8'));
const haveNats = natsServerPath() !== null;
const bar = (tab: Page, key: string) => tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`);

test.describe('team mode: presence on the toolbar, the team view', () => {
  test.skip(!haveNats, 'nats-server is not installed (apt-get install nats-server)');
  test.setTimeout(180_000);

  test('Ana viewing / typing on a post shows on Sam’s toolbar and goes when she leaves or falls silent; Sam’s team view has both agents; Ana’s queue says why it cannot take Sam’s claim', async () => {
    const { server, proxyA, proxyB, a, b } = await startTwoAgents();
    try {
      const optionsA = await openExtensionPage(a.context, a.extensionId);
      const optionsB = await openExtensionPage(b.context, b.extensionId);
      await joinTeam(optionsA, proxyA, 'ana', 'Ana');
      await joinTeam(optionsB, proxyB, 'sam', 'Sam', 'supervisor');

      // Sam works the search results; the conversation's first post is among them.
      const post = X.pages.status.posts[0].key as string;
      const tabB = await b.context.newPage();
      await tabB.goto(X.pages.search.url);
      await expect(bar(tabB, post).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });
      const presence = bar(tabB, post).getByTestId('carebar-presence');
      await expect(presence).toHaveCount(0);

      // Ana opens that post's page: Sam's toolbar says she is viewing it; no other toolbar of his says so.
      const tabA = await a.context.newPage();
      await tabA.goto(X.pages.status.url);
      await expect(bar(tabA, post).getByTestId('carebar-state')).toBeVisible({ timeout: 30_000 });
      await expect(presence).toHaveText('Ana is viewing', { timeout: 10_000 });
      await expect(presence).toHaveAttribute('data-user', 'ana');
      await expect(presence).toHaveAttribute('data-activity', 'viewing');
      await expect(tabB.getByTestId('carebar-presence')).toHaveCount(1);
      // Her own toolbar does not show herself.
      await expect(tabA.getByTestId('carebar-presence')).toHaveCount(0);

      // She types a reply: "typing a reply"; a few seconds after she stops, back to viewing.
      const editor = tabA.locator('.DraftEditor-root [data-testid="tweetTextarea_0"][contenteditable="true"][role="textbox"]');
      await editor.focus();
      await tabA.keyboard.type('Hi Sam, ');
      await expect(presence).toHaveText('Ana is typing a reply', { timeout: 10_000 });
      await expect(presence).toHaveAttribute('data-activity', 'typing');
      await expect(presence).toHaveText('Ana is viewing', { timeout: 20_000 });

      // She leaves the post for her home timeline: her presence on it goes.
      await tabA.goto(X.pages.home.url);
      await expect(tabA.locator('[data-testid="carebar-toolbar"]').first()).toBeVisible({ timeout: 30_000 });
      await expect(presence).toHaveCount(0, { timeout: 15_000 });

      // Back on the post, then her connection drops without a goodbye: gone after a few missed beats.
      await tabA.goto(X.pages.status.url);
      await expect(presence).toHaveText('Ana is viewing', { timeout: 15_000 });
      await proxyA.cut();
      const cutAt = Date.now();
      await expect(presence).toHaveCount(0, { timeout: 15_000 });
      console.info(`team presence e2e: Ana's presence gone ${Date.now() - cutAt} ms after her connection was cut`);
      await proxyA.open();
      await expect(optionsA.getByTestId('carebar-team-status')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
      await expect(presence).toHaveText('Ana is viewing', { timeout: 15_000 });

      // Each answers a different post: Sam's team view (supervisor) lists both agents; Ana (agent) has none.
      const anaPost = X.pages.status.posts[2].key as string; // the customer's follow-up in the thread she is on
      const samPost = X.pages.search.posts[2].key as string;
      expect(anaPost).not.toBe(samPost);
      await expect(bar(tabA, anaPost).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new');
      expect(await callApi(optionsA, 'items.setState', { key: anaPost, to: 'replied' })).toMatchObject({ ok: true });
      await expect(bar(tabB, samPost).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new');
      expect(await callApi(optionsB, 'items.setState', { key: samPost, to: 'replied' })).toMatchObject({ ok: true });

      // Ana's Carebar also saw the brand's reply under the first post on that page: her first response too.
      expect(X.pages.status.posts[1].authorHandle).toBe('AcmeSupport');
      expect(await stateOf(optionsA, post)).toBe('replied');

      const reportsB = await b.context.newPage();
      await reportsB.goto(`chrome-extension://${b.extensionId}/reports.html`);
      const view = reportsB.getByTestId('carebar-team-report');
      await expect(view).toContainText('Team demo', { timeout: 20_000 });
      const answered = (agent: string) => view.locator(`tbody tr[data-agent="${agent}"] td`).first();
      // The view reloads every 10 s: the answers reach it through the team's bucket.
      await expect(answered('sam')).toHaveText('1', { timeout: 30_000 });
      await expect(answered('ana')).toHaveText('2', { timeout: 30_000 });
      expect(await view.locator('tbody tr th').allInnerTexts()).toEqual(['ana', 'sam', 'Whole team']);
      await expect(view.locator('tbody tr').last().locator('td').first()).toHaveText('3');

      const reportsA = await a.context.newPage();
      await reportsA.goto(`chrome-extension://${a.extensionId}/reports.html`);
      await expect(reportsA.getByTestId('carebar-report-sla')).toBeVisible({ timeout: 20_000 });
      await expect(reportsA.getByTestId('carebar-team-report')).toHaveCount(0);
      expect(await callApi(optionsA, 'team.report')).toMatchObject({ ok: false, error: { code: 'rejected' } });

      // The queue's error state, for real: Sam claims a post; Ana's queue still offers "Replied" on it, the
      // background refuses (it is Sam's), and the queue says so next to an unchanged row.
      const held = X.pages.search.posts[3].key as string;
      await tabA.goto(X.pages.search.url);
      await expect(bar(tabA, held).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });
      expect(await callApi(optionsB, 'items.setState', { key: held, to: 'claimed' })).toMatchObject({ ok: true });
      await expect(bar(tabA, held).getByTestId('carebar-claimed-by')).toContainText('Sam', { timeout: 10_000 });
      const queueA = await a.context.newPage();
      await queueA.goto(`chrome-extension://${a.extensionId}/sidepanel.html`);
      const heldRow = queueA.locator(`[data-testid="carebar-queue-item"][data-carebar-id="${held}"]`);
      await expect(heldRow.getByTestId('carebar-queue-claimed-by')).toContainText('Sam');
      const stateBefore = await stateOf(optionsA, held);
      await heldRow.getByTestId('carebar-queue-replied').click();
      await expect(queueA.getByTestId('carebar-queue-action-error')).toContainText('Claimed by Sam');
      await expect(queueA.getByTestId('carebar-queue-action-error')).toHaveAttribute('role', 'alert');
      await expect(heldRow).toBeVisible();
      expect(await stateOf(optionsA, held)).toBe(stateBefore);
      await expect(queueA.getByTestId('carebar-queue-toast')).toHaveCount(0); // nothing to undo
      await queueA.getByTestId('carebar-queue-action-error').getByRole('button', { name: 'Dismiss' }).click();
      await expect(queueA.getByTestId('carebar-queue-action-error')).toHaveCount(0);
    } finally {
      await a.close();
      await b.close();
      await proxyA.cut();
      await proxyB.cut();
      await server.dispose();
    }
  });
});
