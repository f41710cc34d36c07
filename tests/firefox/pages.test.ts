// Firefox: Carebar's own pages. The toolbar button toggles Firefox's sidebar with the queue (checked through the
// chrome scope: the sidebar's inner browser is not a BiDi target); the queue, options and reports pages, opened in
// tabs, work against the real background: setup saves, the queue lists items by urgency and follows changes, the
// report shows the day's rows.
import { expect, it } from 'vitest';
import { callApi, clickInToolbar, openExtensionPage, poll, stateOf, useFirefox, X } from './harness';

const ff = useFirefox();

it('the toolbar button toggles the Carebar queue in Firefox’s sidebar', async () => {
  const sidebar = () =>
    ff().chrome<{ open: boolean; id: string; url: string | null; title: string | null }>(`async () => {
      const inner = SidebarController.isOpen ? SidebarController.browser.contentDocument?.getElementById('webext-panels-browser') : null;
      return { open: SidebarController.isOpen, id: SidebarController.currentID, url: inner?.currentURI?.spec ?? null, title: inner?.contentTitle ?? null };
    }`);
  const click = () =>
    ff().chrome(`async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(ff().extensionId)});
      await ExtensionParent.apiManager.global.browserActionFor(ext).triggerAction(window);
    }`);
  await poll(() => sidebar().then((s) => s.id), 15_000).toBe('carebar_carebar_app-sidebar-action'); // Firefox opens it on install
  await click();
  await poll(() => sidebar().then((s) => s.open)).toBe(false);
  await click();
  await poll(sidebar).toMatchObject({
    open: true,
    id: 'carebar_carebar_app-sidebar-action',
    url: expect.stringMatching(/\/sidepanel\.html$/),
    title: 'Carebar queue',
  });
});

it('setup saves through the privileged API; the queue lists items by urgency and follows a claim made on the page; reports render', async () => {
  const options = await openExtensionPage(ff(), 'options.html');
  expect(await options.$('[data-testid="carebar-setup"]')).not.toBeNull();
  // The first-run setup contract (issue 11): name, initials, brand accounts, one button.
  await options.type('[data-testid="carebar-setup-name"]', 'Sam Rivera');
  await options.type('[data-testid="carebar-setup-initials"]', 'SR');
  await options.type('[data-testid="carebar-setup-brand-x"]', '@AcmeSupport');
  await options.click('[data-testid="carebar-setup-save"]');
  await poll(() => options.$eval('[data-testid="carebar-setup-done"]', () => true).catch(() => false)).toBe(true);
  const { data } = await callApi(ff(), options, 'settings.get');
  expect(data.settings).toMatchObject({
    agentName: 'Sam Rivera',
    agentInitials: 'SR',
    brandAccounts: { x: ['AcmeSupport'] },
    setupDone: true,
  });

  const now = Date.now();
  const post = (id: string, minutesAgo: number) => ({
    channel: 'x',
    postId: id,
    key: `x:${id}`,
    permalink: `https://x.com/customer/status/${id}`,
    authorHandle: 'customer',
    authorName: 'A Customer',
    authorId: null,
    text: `post ${id}`,
    postedAt: new Date(now - minutesAgo * 60_000).toISOString(),
    postedAtSource: 'time-element',
    kind: 'post',
    inReplyToKey: null,
    addressees: ['AcmeSupport'],
  });
  expect((await callApi(ff(), options, 'items.seen', { posts: [post('1001', 5), post('1002', 45), post('1003', 20)] })).ok).toBe(true);

  const queue = await openExtensionPage(ff(), 'sidepanel.html');
  const rows = () =>
    queue.$$eval('[data-testid="carebar-queue-item"]', (els) =>
      els.map((e) => [e.getAttribute('data-carebar-id'), e.getAttribute('data-sla-state')]),
    );
  await poll(rows).toEqual([
    ['x:1002', 'breached'],
    ['x:1003', 'due'],
    ['x:1001', 'ok'],
  ]);
  // A claim made on a replica page shows in the open queue.
  const page = await ff().newPage();
  await page.goto(X.pages.status.url);
  const key: string = X.pages.status.posts[2].key;
  await poll(() => stateOf(page, key), 30_000).toBe('new');
  await clickInToolbar(page, key, 'carebar-claim');
  await poll(() => queue.$eval(`[data-testid="carebar-queue-item"][data-carebar-id="${key}"]`, () => true).catch(() => false)).toBe(true);
  await poll(() =>
    queue.$eval(`[data-testid="carebar-queue-item"][data-carebar-id="${key}"]`, (e) => e.getAttribute('data-state')).catch(() => null),
  ).toBe('claimed');

  const reports = await openExtensionPage(ff(), 'reports.html');
  await poll(() => reports.$$eval('[data-testid="carebar-report-row"]', (els) => els.length)).toBeGreaterThan(0);
  expect(await reports.$('[data-testid="carebar-report-totals"]')).not.toBeNull();
  for (const p of [options, queue, page, reports]) await p.close();
});
