import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test, toolbarKeys } from './harness';
import { act } from './toolbar-actions';
import { FACEBOOK, REPLICA_PAGES, X, type ExpectedPost } from '../fixtures/replica-pages';
import type { ReplicaWindow } from '../fixtures/replica-window';

test.describe('a toolbar on every customer post of each replica page', () => {
  for (const page of REPLICA_PAGES) {
    test(page.name, async ({ extension }) => {
      const tab = await extension.context.newPage();
      const errors = collectPageErrors(tab);
      let dialogs = 0;
      tab.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await tab.goto(page.url);
      await expect.poll(() => toolbarKeys(tab).then((k) => k.sort()), { timeout: 30_000 }).toEqual(page.keys);
      // Each toolbar sits inside the post element it belongs to, which carries the same key.
      const misplaced = await tab
        .locator('[data-testid="carebar-toolbar"]')
        .evaluateAll(
          (hosts) =>
            hosts.filter(
              (h) => h.parentElement?.closest('[data-carebar-id]')?.getAttribute('data-carebar-id') !== h.getAttribute('data-carebar-id'),
            ).length,
        );
      expect(misplaced).toBe(0);
      for (const key of page.skipped) await expect(tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`)).toHaveCount(0);
      // Follows the site's theme; shadow roots are open for tests.
      const themes = await tab
        .locator('[data-testid="carebar-toolbar"]')
        .evaluateAll((hosts) => [...new Set(hosts.map((h) => h.getAttribute('data-theme')))]);
      expect(themes).toEqual([page.theme]);
      // Every item shows its wait; items the brand already answered in the thread are replied and their clock stopped.
      const answered = new Set(page.answered);
      for (const key of page.keys) {
        const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`);
        const timer = toolbar.getByTestId('carebar-timer');
        await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', answered.has(key) ? 'replied' : 'new');
        await expect(timer).toHaveAttribute('data-sla-state', answered.has(key) ? 'stopped' : /^(ok|due|breached)$/);
        expect(Number(await timer.getAttribute('data-age-seconds'))).toBeGreaterThanOrEqual(0);
      }
      expect(dialogs).toBe(0); // hostile names never run as HTML
      expect(errors).toEqual([]);
    });
  }
});

test('virtualized timeline: after 50 cycles and 3 client-side navigations, exactly one toolbar per visible post, none on removed nodes', async ({
  extension,
}) => {
  const tab = await extension.context.newPage();
  const errors = collectPageErrors(tab);
  // Keep every node the page removes, to check no toolbar is left on one.
  await tab.addInitScript(() => {
    const removed: Element[] = [];
    (window as unknown as ReplicaWindow).__removedPosts = removed;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.removedNodes) if (n.nodeType === 1) removed.push(n as Element);
    }).observe(document, { childList: true, subtree: true });
  });
  await tab.goto('https://x.com/home');
  await expect(tab.locator('[data-testid="carebar-toolbar"]').first()).toBeVisible({ timeout: 30_000 });

  const signedIn = X.signedIn.handle;
  const byKey = new Map<string, ExpectedPost>(X.pages.home.posts.map((p) => [p.key, p]));
  const statusKeys = X.pages.status.posts.map((p) => p.key);
  const expectConsistent = async (customerKeyOf: (key: string) => boolean) => {
    await expect
      .poll(
        async () => {
          const rendered: string[] = await tab.evaluate(() => (window as unknown as ReplicaWindow).__replica.renderedKeys());
          const wanted = rendered.filter(customerKeyOf).sort();
          const keys = (await toolbarKeys(tab)).sort();
          return JSON.stringify(keys) === JSON.stringify(wanted) ? 'consistent' : { wanted, keys };
        },
        { timeout: 15_000 },
      )
      .toBe('consistent');
  };
  const isCustomerOnHome = (key: string) => byKey.get(key)?.authorHandle !== signedIn;

  for (let i = 0; i < 50; i++) {
    await tab.evaluate(() => (window as unknown as ReplicaWindow).__replica.cycle());
    if (i % 10 === 9) await expectConsistent(isCustomerOnHome);
  }
  await expectConsistent(isCustomerOnHome);

  const statusPosts = new Map<string, ExpectedPost>(X.pages.status.posts.map((p: ExpectedPost) => [p.key, p]));
  const isCustomerOnStatus = (key: string) => statusPosts.get(key)?.authorHandle !== signedIn;
  await tab.evaluate((path) => (window as unknown as ReplicaWindow).__replica.navigate(path), new URL(X.pages.status.url).pathname);
  await expect(tab).toHaveURL(X.pages.status.url);
  await expectConsistent(isCustomerOnStatus);
  expect((await toolbarKeys(tab)).every((k) => statusKeys.includes(k))).toBe(true);

  await tab.evaluate(() => (window as unknown as ReplicaWindow).__replica.back());
  await expect(tab).toHaveURL('https://x.com/home');
  await expectConsistent(isCustomerOnHome);

  await tab.evaluate((path) => (window as unknown as ReplicaWindow).__replica.navigate(path), new URL(X.pages.status.url).pathname);
  await expectConsistent(isCustomerOnStatus);

  // Nothing is left on nodes the page removed (and might re-insert later).
  const leftOnRemoved = await tab.evaluate(
    () =>
      (window as unknown as ReplicaWindow).__removedPosts.filter(
        (n) => !n.isConnected && n.querySelector('[data-testid="carebar-toolbar"]'),
      ).length,
  );
  expect(leftOnRemoved).toBe(0);
  expect(errors).toEqual([]);
});

test('a state change in one tab shows in another within 1 s, and survives a reload', async ({ extension }) => {
  const a = await extension.context.newPage();
  const b = await extension.context.newPage();
  await a.goto(X.pages.home.url);
  await b.goto(X.pages.search.url);
  // A customer post shown both on the timeline (without scrolling) and in the search results.
  const shared = X.pages.home.posts
    .filter((p: ExpectedPost) => p.initiallyRendered && p.authorHandle !== X.signedIn.handle)
    .map((p: ExpectedPost) => p.key)
    .find((k: string) => X.pages.search.posts.some((p: ExpectedPost) => p.key === k));
  expect(shared).toBeTruthy();
  const toolbarA = a.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${shared}"]`);
  const toolbarB = b.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${shared}"]`);
  await expect(toolbarA).toHaveCount(1, { timeout: 30_000 });
  await expect(toolbarB.getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });

  await toolbarA.getByTestId('carebar-claim').click();
  await expect(toolbarA.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  await expect(toolbarB.getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed', { timeout: 1_000 });

  await act(toolbarB, 'carebar-mark-replied');
  await expect(toolbarA.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied', { timeout: 1_000 });
  await expect(toolbarA.getByTestId('carebar-timer')).toHaveAttribute('data-sla-state', 'stopped');

  await a.reload();
  await expect(a.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${shared}"]`).getByTestId('carebar-state')).toHaveAttribute(
    'data-state',
    'replied',
    { timeout: 30_000 },
  );
});

test('a brand reply in the thread marks the item replied at the reply’s own time', async ({ extension }) => {
  const tab = await extension.context.newPage();
  await tab.goto(X.pages.status.url);
  const focused = X.pages.status.posts[0];
  const brandReply = X.pages.status.posts.find((p) => p.authorHandle === X.signedIn.handle && p.inReplyToKey === focused.key)!;
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${focused.key}"]`);
  await expect(toolbar.getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied', { timeout: 30_000 });
  const ext = await openExtensionPage(extension.context, extension.extensionId);
  const { data } = await callApi(ext, 'items.get', { keys: [focused.key] });
  expect(data.items[0].firstResponseAt).toBe(brandReply.postedAt);
  const history = await callApi(ext, 'items.history', { key: focused.key });
  expect(history.data.events).toHaveLength(1);
  expect(history.data.events[0]).toMatchObject({ from: 'new', to: 'replied' });
  expect(history.data.events[0].note).toContain(brandReply.key);
  // The timer shows the real wait: from the post to the brand's reply.
  const expectedWait = (Date.parse(brandReply.postedAt) - Date.parse(focused.postedAt)) / 1000;
  await expect(toolbar.getByTestId('carebar-timer')).toHaveAttribute('data-age-seconds', String(expectedWait));
});

test('hostile display names show as text, in the toolbar and in the customer card', async ({ extension }) => {
  const cases = [
    { url: X.pages.home.url, post: X.pages.home.posts.find((p) => p.authorName?.includes('<img'))! },
    { url: FACEBOOK.pages['page-post'].url, post: FACEBOOK.pages['page-post'].items.find((p) => p.authorName?.includes('<img'))! },
  ];
  for (const { url, post } of cases) {
    const tab = await extension.context.newPage();
    let dialogs = 0;
    tab.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await tab.goto(url);
    const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${post.key}"]`);
    const button = toolbar.getByTestId('carebar-customer');
    await expect(button).toHaveText(post.authorName!, { timeout: 30_000 });
    // No element was made from the name: the button holds a single text node.
    expect(await button.evaluate((b) => b.querySelectorAll('img').length)).toBe(0);
    await button.click();
    const card = toolbar.frameLocator('[data-testid="carebar-customer-frame"]');
    await expect(card.getByTestId('carebar-customer-name')).toHaveText(post.authorName!);
    expect(await card.getByTestId('carebar-customer-card').locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
  }
});

test('resting on the author for 600 ms opens the customer card; passing over does not', async ({ extension }) => {
  const tab = await extension.context.newPage();
  await tab.goto(X.pages.search.url);
  const [first, second] = X.pages.search.posts as ExpectedPost[];
  const post = (key: string) => tab.locator(`article:has([data-testid="carebar-toolbar"][data-carebar-id="${key}"])`);
  await expect(post(first.key)).toHaveCount(1, { timeout: 30_000 });

  // Passing over the second author, then resting on the first: by the time the first card opens (600 ms of rest),
  // a timer the pass had left running would have opened the second card too.
  await post(second.key).locator('[data-testid="User-Name"]').hover();
  await tab.mouse.move(5, 5);
  await post(first.key).locator('[data-testid="User-Name"]').hover();
  const card = post(first.key).frameLocator('[data-testid="carebar-customer-frame"]');
  await expect(card.getByTestId('carebar-customer-name')).toHaveText(first.authorName!, { timeout: 5_000 });
  await expect(post(second.key).getByTestId('carebar-customer-frame')).toHaveCount(0);
});
