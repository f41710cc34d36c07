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
