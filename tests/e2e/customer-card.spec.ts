import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test } from './harness';
import { FACEBOOK, X } from '../fixtures/replica-pages';

const DEMO_CUSTOMERS: unknown[] = JSON.parse(readFileSync('scripts/demo-customers.json', 'utf8'));

/** The demo's brand and its customers, through the real privileged API from the options page. */
async function seed(context: BrowserContext, extensionId: string): Promise<Page> {
  const ext = await openExtensionPage(context, extensionId);
  const settings = await callApi(ext, 'settings.update', {
    settings: { agentName: 'Demo Agent', brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport'] }, setupDone: true },
  });
  expect(settings.ok).toBe(true);
  const crm = await callApi(ext, 'crm.importRows', { rows: DEMO_CUSTOMERS.map((customer, i) => ({ row: i + 1, customer })) });
  expect(crm).toMatchObject({ ok: true, data: { rejected: [] } });
  return ext;
}

const toolbarOf = (tab: Page, key: string) => tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${key}"]`);
const cardOf = (tab: Page, key: string) =>
  toolbarOf(tab, key).frameLocator('[data-testid="carebar-customer-frame"]').getByTestId('carebar-customer-card');

test('the demo customer’s card: name, tier, CRM data, history rows that follow state changes on their other posts', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  await seed(context, extensionId);
  const page = X.pages.status;
  const [first, second] = page.posts.filter((p) => p.authorHandle === 'AcmeCustomer');
  const tab = await context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(page.url);
  await expect(toolbarOf(tab, second.key).getByTestId('carebar-state')).toHaveAttribute('data-state', 'new', { timeout: 30_000 });

  // The toolbar badge: tier and open count only.
  await expect(toolbarOf(tab, first.key).getByTestId('carebar-customer-badge')).toHaveText('VIP · 2 open');

  await toolbarOf(tab, first.key).getByTestId('carebar-customer').click();
  const card = cardOf(tab, first.key);
  await expect(card.getByTestId('carebar-customer-name')).toHaveText('Sam Rivera');
  await expect(card.getByTestId('carebar-customer-tier')).toHaveText('VIP');
  await expect(card).toContainText('#48213');
  await expect(card).toContainText('matched by exact handle');
  const row = card.locator(`[data-testid="carebar-history-row"][data-carebar-id="${second.key}"]`);
  await expect(row).toHaveAttribute('data-state', 'new');

  // A state change on the other post by the same author shows in the open card's history.
  await toolbarOf(tab, second.key).getByTestId('carebar-claim').click();
  await expect(row).toHaveAttribute('data-state', 'claimed');
  await expect(row).toContainText('Demo Agent');

  // The card's confidential data is in an extension-origin frame: the page cannot read it.
  await expect(card).toContainText('offered a voucher');
  const leaked = await tab.evaluate(() => {
    const all = [document.documentElement.outerHTML, ...[...document.querySelectorAll('*')].map((e) => e.shadowRoot?.innerHTML ?? '')].join(
      '',
    );
    return all.includes('offered a voucher') || all.includes('4,820');
  });
  expect(leaked).toBe(false);
  expect(errors).toEqual([]);
});

test('an author in no CRM gets a card with the post’s name and handle and “Not in CRM”', async ({ extension }) => {
  const { context, extensionId } = extension;
  await seed(context, extensionId);
  const page = X.pages.status;
  const bo = page.posts.find((p) => p.authorHandle === 'bystander_bo')!;
  const tab = await context.newPage();
  await tab.goto(page.url);
  await toolbarOf(tab, bo.key).getByTestId('carebar-customer').click();
  const card = cardOf(tab, bo.key);
  await expect(card.getByTestId('carebar-customer-name')).toHaveText(bo.authorName!);
  await expect(card.getByTestId('carebar-customer-tier')).toHaveText('Not in CRM');
  await expect(card.getByTestId('carebar-customer-identity')).toContainText('@bystander_bo');
  await expect(toolbarOf(tab, bo.key).getByTestId('carebar-customer-badge')).toHaveCount(0);
});

test('a hostile display name on the Facebook page post shows as text in the card', async ({ extension }) => {
  const { context, extensionId } = extension;
  await seed(context, extensionId);
  const page = FACEBOOK.pages['page-post'];
  const hostile = page.items.find((i) => i.authorName === '<img src=x onerror=alert(1)>')!;
  const tab = await context.newPage();
  let dialogs = 0;
  tab.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await tab.goto(page.url);
  await toolbarOf(tab, hostile.key).getByTestId('carebar-customer').click();
  const frame = toolbarOf(tab, hostile.key).frameLocator('[data-testid="carebar-customer-frame"]');
  await expect(frame.getByTestId('carebar-customer-name')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(frame.getByTestId('carebar-customer-tier')).toHaveText('Not in CRM');
  await expect(frame.locator('img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('Jane Doe on Facebook: matched by handle with her open ticket; a name-only match can be linked by hand and is remembered', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  await seed(context, extensionId);
  const fb = FACEBOOK.pages['page-post'];
  const jane = fb.items.find((i) => i.authorHandle === 'jane.doe.123')!;
  const tab = await context.newPage();
  await tab.goto(fb.url);
  await toolbarOf(tab, jane.key).getByTestId('carebar-customer').click();
  const card = cardOf(tab, jane.key);
  await expect(card.getByTestId('carebar-customer-name')).toHaveText('Jane Doe');
  await expect(card.getByTestId('carebar-customer-tier')).toHaveText('Silver');
  await expect(card).toContainText('T-1175');

  // "محمد العلي" is in the CRM by e-mail only: a name-only match until the agent confirms it; remembered.
  const mohammed = fb.items.find((i) => i.authorName === 'محمد العلي')!;
  await toolbarOf(tab, mohammed.key).getByTestId('carebar-customer').click();
  const mCard = cardOf(tab, mohammed.key);
  await expect(mCard).toHaveAttribute('data-match', 'name');
  await expect(mCard).toContainText('matched by name only');
  await expect(toolbarOf(tab, mohammed.key).getByTestId('carebar-customer-badge')).toHaveCount(0);
  await mCard.getByTestId('carebar-customer-link').click();
  await expect(mCard).toHaveAttribute('data-match', 'linked');
  // The toolbar badge follows (customer-level change notice).
  await expect(toolbarOf(tab, mohammed.key).getByTestId('carebar-customer-badge')).toHaveText('Gold · 1 open');
  await tab.reload();
  await toolbarOf(tab, mohammed.key).getByTestId('carebar-customer').click();
  await expect(cardOf(tab, mohammed.key)).toHaveAttribute('data-match', 'linked');
});

test('a pointer resting on the customer button loads the card hidden, so the click shows it at once; passing over loads nothing', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  await seed(context, extensionId);
  const page = X.pages.status;
  const [first, second] = page.posts.filter((p) => p.authorHandle === 'AcmeCustomer');
  const tab = await context.newPage();
  await tab.goto(page.url);
  const button = toolbarOf(tab, first.key).getByTestId('carebar-customer');
  await expect(button).toBeVisible({ timeout: 30_000 });
  // Passing over the other post's button on the way (a few ms on it): no frame for it.
  const passed = (await toolbarOf(tab, second.key).getByTestId('carebar-customer').boundingBox())!;
  await tab.mouse.move(passed.x + passed.width / 2, passed.y + passed.height / 2);
  await tab.mouse.move(passed.x + passed.width / 2, passed.y - 40);
  await button.hover();
  const frame = toolbarOf(tab, first.key).locator('[data-testid="carebar-customer-frame"]');
  await expect(frame).toBeAttached();
  await expect(frame).toBeHidden();
  // The hidden card has already asked the background and rendered.
  await expect(cardOf(tab, first.key).getByTestId('carebar-customer-name')).toHaveText('Sam Rivera');
  await button.click();
  await expect(frame).toBeVisible();
  await expect(toolbarOf(tab, second.key).locator('[data-testid="carebar-customer-frame"]')).toHaveCount(0);
});

/** Past items by Sam (x:acmecustomer), answered days ago: "our history with Sam", as a Carebar export imports it. */
function samHistory(count: number) {
  const day = 86_400_000;
  const items = [];
  const events = [];
  for (let i = 0; i < count; i++) {
    const postId = String(2120000000000000000n + BigInt(i) * 1_000_003n);
    const at = (ms: number) => new Date(Date.now() - (i + 2) * day + ms).toISOString();
    items.push({
      key: `x:${postId}`,
      channel: 'x',
      postId,
      kind: 'post',
      permalink: `https://x.com/AcmeCustomer/status/${postId}`,
      authorHandle: 'AcmeCustomer',
      authorName: 'Sam Rivera',
      authorId: null,
      authorKey: 'x:acmecustomer',
      excerpt: `@AcmeSupport order #${47000 + i}: the delivery window moved again, can you check with the courier?`,
      postedAt: at(0),
      postedAtEstimated: false,
      firstSeenAt: at(60_000),
      lastSeenAt: at(600_000),
      state: 'replied',
      stateChangedAt: at(600_000),
      agent: 'Demo Agent',
      firstResponseAt: at(600_000),
      inReplyToKey: null,
    });
    events.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      itemKey: `x:${postId}`,
      from: 'new',
      to: 'replied',
      at: at(600_000),
      agent: 'Demo Agent',
      note: null,
    });
  }
  return { format: 'carebar-export', version: 1, exportedAt: new Date().toISOString(), items, events };
}

/** The open card's frame: its height, where it is, and whether the card inside scrolls. */
async function cardGeometry(tab: Page, key: string) {
  const frame = toolbarOf(tab, key).locator('[data-testid="carebar-customer-frame"]');
  const box = (await frame.boundingBox())!;
  const inner = await toolbarOf(tab, key)
    .frameLocator('[data-testid="carebar-customer-frame"]')
    .locator('html')
    .evaluate((html) => ({ scrollHeight: html.scrollHeight, clientHeight: html.clientHeight, body: document.body.offsetHeight }));
  return { box, ...inner, viewport: tab.viewportSize()! };
}

test('the card sizes to its content (no inner scroll while it fits), up to a maximum inside the viewport; amounts carry their currency', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  const ext = await seed(context, extensionId);
  expect(await callApi(ext, 'backup.import', { document: samHistory(1) })).toMatchObject({ ok: true });
  const page = X.pages.status;
  const [first] = page.posts.filter((p) => p.authorHandle === 'AcmeCustomer');
  const tab = await context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(page.url);
  await toolbarOf(tab, first.key).getByTestId('carebar-customer').click();
  const card = cardOf(tab, first.key);
  await expect(card.getByTestId('carebar-history-row')).toHaveCount(2);
  // Lifetime value with the CRM's currency (USD in the demo file), formatted by the card's locale.
  await expect(card.getByTestId('carebar-customer-ltv')).toHaveText('$4,820.00');

  // The frame grows to the whole card: history, the note box, unlink and forget all show without scrolling inside.
  await expect.poll(async () => (await cardGeometry(tab, first.key)).box.height, { timeout: 10_000 }).toBeGreaterThan(400);
  await expect
    .poll(async () => {
      const g = await cardGeometry(tab, first.key);
      return Math.abs(g.box.height - g.body);
    })
    .toBeLessThanOrEqual(1);
  const fits = await cardGeometry(tab, first.key);
  expect(fits.box.height).toBeLessThanOrEqual(600);
  expect(fits.scrollHeight).toBeLessThanOrEqual(fits.clientHeight);
  for (const id of ['carebar-customer-forget', 'carebar-customer-unlink', 'carebar-customer-note'])
    await expect(card.getByTestId(id)).toBeInViewport();
  expect(fits.box.y).toBeGreaterThanOrEqual(0);
  expect(fits.box.y + fits.box.height).toBeLessThanOrEqual(fits.viewport.height);

  // A longer history than the maximum: the frame stops at 600 px (inside the viewport) and the card scrolls inside.
  expect(await callApi(ext, 'backup.import', { document: samHistory(30) })).toMatchObject({ ok: true });
  await expect(card.getByTestId('carebar-history-row')).toHaveCount(31);
  await expect.poll(async () => (await cardGeometry(tab, first.key)).box.height).toBe(600);
  const capped = await cardGeometry(tab, first.key);
  expect(capped.scrollHeight).toBeGreaterThan(capped.clientHeight);
  expect(capped.box.y).toBeGreaterThanOrEqual(0);
  expect(capped.box.y + capped.box.height).toBeLessThanOrEqual(capped.viewport.height);
  // Forget is reached by scrolling the card.
  await card.getByTestId('carebar-customer-forget').scrollIntoViewIfNeeded();
  await expect(card.getByTestId('carebar-customer-forget')).toBeInViewport();

  // A short window: the frame shrinks to stay inside it.
  await tab.setViewportSize({ width: 1280, height: 420 });
  // (The card closed when its chip left the shorter window: bring the chip back and open the card again.)
  await toolbarOf(tab, first.key).getByTestId('carebar-customer').scrollIntoViewIfNeeded();
  if (!(await toolbarOf(tab, first.key).locator('[data-testid="carebar-customer-frame"]').isVisible()))
    await toolbarOf(tab, first.key).getByTestId('carebar-customer').click();
  await expect.poll(async () => (await cardGeometry(tab, first.key)).box.height).toBeLessThanOrEqual(420 - 32);
  const short = await cardGeometry(tab, first.key);
  expect(short.box.y).toBeGreaterThanOrEqual(0);
  expect(short.box.y + short.box.height).toBeLessThanOrEqual(420);
  expect(errors).toEqual([]);
});

test('the page cannot size the card: height messages count only from the card’s own frame at the extension’s origin', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  await seed(context, extensionId);
  const page = X.pages.status;
  const [first] = page.posts.filter((p) => p.authorHandle === 'AcmeCustomer');
  const tab = await context.newPage();
  await tab.goto(page.url);
  await toolbarOf(tab, first.key).getByTestId('carebar-customer').click();
  await expect(cardOf(tab, first.key).getByTestId('carebar-customer-name')).toHaveText('Sam Rivera');
  await expect.poll(async () => (await cardGeometry(tab, first.key)).box.height).toBeGreaterThan(150);
  const before = (await cardGeometry(tab, first.key)).box.height;
  // The page posts heights to itself and from a frame of its own: the card keeps its size.
  await tab.evaluate(() => {
    window.postMessage(20, '*');
    window.postMessage(5000, '*');
    const own = document.createElement('iframe');
    own.srcdoc = '<script>parent.postMessage(30, "*")</script>';
    document.body.append(own);
  });
  await tab.waitForTimeout(500);
  expect((await cardGeometry(tab, first.key)).box.height).toBe(before);
});
