import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { natsServerPath, USERS } from '../integration/nats-server';
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';
import { act } from './toolbar-actions';
import { joinTeam, startTwoAgents } from './team-helpers';

// Team mode in real Chromium: two browser profiles as two agents (Ana, Ben) on the X replica, each connected to a
// real nats-server (team/nats-server.conf) over WebSocket through its own TCP proxy — closing Ana's proxy cuts her
// service worker's socket the way a dropped network does (a browser's offline mode may not).

const X = JSON.parse(readFileSync('tests/fixtures/x/expected.json', 'utf8'));
const haveNats = natsServerPath() !== null;

test.describe('team mode: two agents on the replicas', () => {
  test.skip(!haveNats, 'nats-server is not installed (apt-get install nats-server)');
  test.setTimeout(150_000);

  test('A claims, B sees "claimed by A" within 1 s and cannot claim it; A offline marks two replied, comes back, B sees both', async () => {
    const { server, proxyA, proxyB, a, b } = await startTwoAgents();
    try {
      const optionsA = await openExtensionPage(a.context, a.extensionId);
      const optionsB = await openExtensionPage(b.context, b.extensionId);
      // Solo until configured.
      await expect(optionsA.getByTestId('carebar-team-status')).toHaveAttribute('data-status', 'offline');
      await joinTeam(optionsA, proxyA, 'ana', 'Ana');
      await joinTeam(optionsB, proxyB, 'ben', 'Ben');
      // The password is not sent back to the page.
      const config = await callApi(optionsA, 'team.config.get');
      expect(config.data).toMatchObject({ hasPassword: true, settings: { user: 'ana', team: 'demo' } });
      expect(JSON.stringify(config)).not.toContain(USERS.ana.password);

      console.info('team e2e: both agents connected');
      const [p1, p2, p3] = X.pages.search.posts.slice(1, 4);
      const tabA = await a.context.newPage();
      const tabB = await b.context.newPage();
      await tabA.goto(X.pages.search.url);
      await tabB.goto(X.pages.search.url);
      const bar = (tab: Page, key: string) => tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`);
      for (const key of [p1.key, p2.key, p3.key]) {
        await expect(bar(tabA, key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });
        await expect(bar(tabB, key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });
      }

      console.info('team e2e: toolbars up');
      // A claims; B sees who holds it within 1 s.
      await act(bar(tabA, p1.key), 'carebar-claim');
      await expect(bar(tabA, p1.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
      const t0 = Date.now();
      await expect(bar(tabB, p1.key).getByTestId('carebar-claimed-by')).toContainText('Ana', { timeout: 1000 });
      const seenMs = Date.now() - t0;
      console.info(`team e2e: B saw A's claim ${seenMs} ms after A's toolbar showed it`);
      await expect(bar(tabB, p1.key).getByTestId('carebar-claimed-by')).toHaveText(/^Ana · \dm/);
      // B cannot take it: the toolbar shows it claimed (no Claim offered), and a claim request is refused.
      await expect(bar(tabB, p1.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
      await expect(bar(tabB, p1.key).getByTestId('carebar-claim')).toHaveCount(0);
      const tried = await callApi(optionsB, 'items.setState', { key: p1.key, to: 'claimed' });
      expect(tried).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringContaining('Ana') } });
      const replyTried = await callApi(optionsB, 'items.setState', { key: p1.key, to: 'replied' });
      expect(replyTried).toMatchObject({ ok: false, error: { code: 'rejected' } });
      // A's own toolbar shows no "claimed by" (it is hers).
      await expect(bar(tabA, p1.key).getByTestId('carebar-claimed-by')).toHaveCount(0);

      // B's queue marks it as Ana's, and shows the team connection.
      const queueB = await b.context.newPage();
      await queueB.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
      await expect(queueB.getByTestId('carebar-queue-team-status')).toHaveAttribute('data-status', 'connected');
      await expect(
        queueB.locator(`[data-testid="carebar-queue-item"][data-carebar-id="${p1.key}"]`).getByTestId('carebar-queue-claimed-by'),
      ).toContainText('Ana');
      await queueB.close();
      console.info('team e2e: claim checks done');
      // A loses her connection, keeps working: two items marked replied.
      await proxyA.cut();
      console.info('team e2e: A cut');
      await expect(optionsA.getByTestId('carebar-team-status')).toHaveAttribute('data-status', /reconnecting|offline/, { timeout: 20_000 });
      console.info('team e2e: A offline');
      for (const p of [p2, p3]) {
        // A real pointer click on "⋯" and then on "Mark replied" in the menu (new items offer Claim in the row).
        await act(bar(tabA, p.key), 'carebar-mark-replied');
        await expect(bar(tabA, p.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied');
      }
      console.info('team e2e: A marked two replied');
      await expect(optionsA.getByTestId('carebar-team-status')).toContainText('2 changes waiting');
      await tabB.waitForTimeout(1500);
      for (const p of [p2, p3]) await expect(bar(tabB, p.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new');

      // She comes back: B sees both, without reloading.
      await proxyA.open();
      await expect(optionsA.getByTestId('carebar-team-status')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
      for (const p of [p2, p3])
        await expect(bar(tabB, p.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied', { timeout: 15_000 });
      await expect(optionsA.getByTestId('carebar-team-status')).not.toContainText('waiting');
      // And B's history of those items has A's events (merged by id).
      await expect
        .poll(
          async () => {
            const history = await callApi(optionsB, 'items.history', { key: p2.key });
            return history.data.events.some((e) => e.to === 'replied' && e.agent === 'ana');
          },
          { timeout: 15_000 },
        )
        .toBe(true);

      // Ana leaves for good (browser closed): once she has been gone the team's stale time (5 s here), her claim is
      // stale and Ben can take it over.
      await a.close();
      const takeOver = bar(tabB, p1.key).getByTestId('carebar-take-over');
      await expect(takeOver).toBeVisible({ timeout: 20_000 });
      await expect(bar(tabB, p1.key).getByTestId('carebar-claimed-by')).toHaveAttribute('data-standing', 'stale');
      // A page script's synthetic click does not take it over (only a person's click acts, as in the row) …
      await takeOver.dispatchEvent('click');
      const holds = Date.now() + 2000;
      while (Date.now() < holds) {
        await expect(bar(tabB, p1.key).getByTestId('carebar-claimed-by')).toHaveAttribute('data-standing', 'stale');
        await tabB.evaluate(() => new Promise(requestAnimationFrame));
      }
      // … a real click does.
      await takeOver.click();
      await expect(bar(tabB, p1.key).getByTestId('carebar-claimed-by')).toHaveCount(0, { timeout: 5000 });
      await expect(bar(tabB, p1.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
    } finally {
      await a.close();
      await b.close();
      await proxyA.cut();
      await proxyB.cut();
      await server.dispose();
    }
  });
});
