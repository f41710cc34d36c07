// The supervisor's pack editor as a form (issue 14.3): a pack built through the form (title, text with variable
// chips, channels, tags), its JSON view following the form, signed with a key made in the extension, exported,
// installed from the file like an agent would, and its snippet offered by the palette on the X replica.
import { readFile } from 'node:fs/promises';
import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test } from './harness';
import { draftTextOf } from '../fixtures/editor-state';
import { X } from '../fixtures/replica-pages';

const STATUS = X.pages.status;
const FOCUSED_KEY: string = STATUS.posts[0].key;

test('supervisor: a pack written in the form, signed, exported and installed; its snippet fills the X reply box', async ({ extension }) => {
  const { context, extensionId } = extension;
  const options = await openExtensionPage(context, extensionId);
  await callApi(options, 'settings.update', {
    settings: { agentName: 'Sam Rivera', agentInitials: 'SR', brandAccounts: { x: ['AcmeSupport'], facebook: [] }, setupDone: true },
  });
  await options.reload();
  await options.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Supervisor', exact: true }).click();
  const supervisor = options.getByTestId('carebar-supervisor');

  // A signing key made here, trusted here (the supervisor is an agent too).
  await supervisor.locator('input[name="label"]').fill('Care lead');
  await supervisor.locator('input[name="password"]').fill('correct horse battery');
  await supervisor.getByRole('button', { name: 'Generate key pair' }).click();
  await expect(supervisor).toContainText('Key created.');
  await supervisor.getByRole('button', { name: 'Trust here' }).click();
  await expect(supervisor).toContainText('Trusted on this browser');

  // The form: pack details, then the one snippet rewritten.
  const editor = supervisor.getByTestId('carebar-pack-editor');
  await editor.getByLabel('Pack name').fill('Acme care replies');
  await editor.getByLabel('Pack id').fill('acme-care');
  const card = editor.getByTestId('carebar-pack-snippet');
  await expect(card).toHaveCount(1);
  await card.getByLabel('Snippet title').fill('Refund on its way');
  const body = card.getByLabel('Snippet text');
  await body.fill('Hi ');
  await body.press('End');
  await card.getByRole('button', { name: 'Customer first name' }).click();
  await expect(body).toHaveValue('Hi {{customer.firstName}}');
  await body.press('End');
  await body.pressSequentially(', your refund is on its way. ^');
  await card.getByRole('button', { name: 'Your initials' }).click();
  const text = 'Hi {{customer.firstName}}, your refund is on its way. ^{{agent.initials}}';
  await expect(body).toHaveValue(text);
  await card.getByRole('checkbox', { name: 'Facebook' }).uncheck();
  await card.getByRole('checkbox', { name: 'DM' }).check();
  await card.getByLabel('Tags').fill('refund, billing');
  await expect(card.getByLabel('Id')).toHaveValue('refund-on-its-way');
  // A second snippet left without title or channel is pointed out, and signing waits for it.
  await editor.getByTestId('carebar-pack-add-snippet').click();
  await expect(card).toHaveCount(2);
  await expect(card.nth(1)).toContainText('A title is needed');
  await expect(supervisor.getByRole('button', { name: 'Sign with Care lead' })).toBeDisabled();
  await card.nth(1).getByRole('button', { name: 'Remove' }).click();
  await expect(card).toHaveCount(1);

  // The JSON view is the form's pack.
  await editor.getByTestId('carebar-pack-json-toggle').click();
  const json = JSON.parse(await editor.getByTestId('carebar-pack-json').inputValue());
  expect(json).toMatchObject({ id: 'acme-care', name: 'Acme care replies', version: '1.0.0', publisher: 'Sam Rivera' });
  expect(json.snippets).toEqual([
    { id: 'refund-on-its-way', title: 'Refund on its way', body: text, channels: ['x', 'dm'], tags: ['refund', 'billing'], locale: 'en' },
  ]);
  expect(json.signature).toBeUndefined();
  await editor.getByRole('tab', { name: 'Form' }).click();
  await expect(card.getByLabel('Snippet title')).toHaveValue('Refund on its way');

  // Signed, exported, installed from the file.
  await supervisor.getByRole('button', { name: 'Sign with Care lead' }).click();
  await expect(supervisor).toContainText('Signed acme-care 1.0.0 with Care lead.');
  const download = options.waitForEvent('download');
  await supervisor.getByRole('button', { name: 'Export pack file' }).click();
  const file = await (await download).path();
  const signed = JSON.parse(await readFile(file!, 'utf8'));
  expect(signed.signature).toBeTruthy();
  expect(signed.snippets[0].body).toBe(text);
  await options.getByTestId('carebar-snippet-settings').getByLabel('Install a pack file').setInputFiles(file!);
  await expect(options.locator('[data-testid="carebar-pack"][data-pack-id="acme-care"]')).toHaveAttribute('data-version', '1.0.0');

  // The palette on the X replica offers it, filled for the post.
  const tab = await context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(STATUS.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${FOCUSED_KEY}"]`);
  await toolbar.getByTestId('carebar-snippets').click({ timeout: 30_000 });
  await expect(tab.getByTestId('carebar-snippet-palette')).toBeVisible();
  await tab.getByTestId('carebar-snippet-search').fill('refund on its way');
  await expect(tab.getByTestId('carebar-snippet-option').first()).toHaveAttribute('data-snippet-id', 'acme-care/refund-on-its-way');
  const filled = 'Hi Sam, your refund is on its way. ^SR';
  await expect(tab.getByTestId('carebar-snippet-preview')).toContainText(filled);
  await tab.getByTestId('carebar-snippet-search').press('Enter');
  await expect.poll(() => tab.getByTestId('tweetTextarea_0').evaluate(draftTextOf)).toBe(filled);
  expect(errors).toEqual([]);
});
