// The options page: the first-run setup contract on a fresh install (and that saving it reaches open tabs at once),
// and the sectioned page: a setting saved in one section survives a reload, validation sits next to its field.
import { readFileSync } from 'node:fs';
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';

const X = JSON.parse(readFileSync('tests/fixtures/x/expected.json', 'utf8'));

test('first run: the setup fields are all visible together on a fresh install; saving applies at once to open tabs', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  // A tab already open on X before setup: its toolbars offer to finish setup instead of a warning.
  const tab = await context.newPage();
  await tab.goto(X.pages.home.url);
  const toolbars = tab.locator('[data-testid="carebar-toolbar"]');
  await expect(toolbars.first()).toBeVisible({ timeout: 30_000 });
  const before = await toolbars.count();
  await expect(toolbars.first().getByTestId('carebar-finish-setup')).toBeVisible();
  await expect(toolbars.first()).not.toContainText('No brand accounts set');

  // The link opens the options page, where setup is. The tab the install opened is closed first: otherwise
  // runtime.openOptionsPage brings that one to the front instead of opening a new one.
  const isOptions = (p: { url(): string }) => p.url().startsWith(`chrome-extension://${extensionId}/options.html`);
  for (const p of context.pages().filter(isOptions)) await p.close();
  const opened = context.waitForEvent('page', { predicate: isOptions });
  await toolbars.first().getByTestId('carebar-finish-setup').click();
  const options = await opened;
  await expect(options.getByTestId('carebar-setup')).toBeVisible();
  // The X tab read the account it is signed in with (the replica's account menu): setup offers it as the brand.
  await expect.poll(async () => (await callApi(options, 'accounts.signedIn')).data.accounts).toEqual({ x: X.signedIn.handle });
  await options.reload();
  await expect(options.getByTestId('carebar-setup-brand-x')).toHaveValue('AcmeSupport');
  await expect(options.getByTestId('carebar-setup-brand-facebook')).toHaveValue('');
  await expect(options.getByTestId('carebar-setup')).toContainText('You are signed in on X as @AcmeSupport.');
  expect((await callApi(options, 'settings.get')).data.settings.brandAccounts).toEqual({ x: [], facebook: [] }); // offered, not saved
  for (const id of [
    'carebar-setup-name',
    'carebar-setup-initials',
    'carebar-setup-brand-x',
    'carebar-setup-brand-facebook',
    'carebar-setup-save',
  ]) {
    await expect(options.getByTestId(id)).toBeVisible();
  }
  // Validation next to the field, nothing saved.
  await options.getByTestId('carebar-setup-brand-x').fill('not a handle!');
  await options.getByTestId('carebar-setup-save').click();
  await expect(options.getByTestId('carebar-setup')).toContainText('is not an X handle');
  expect((await callApi(options, 'settings.get')).data.settings.setupDone).toBe(false);

  await options.getByTestId('carebar-setup-name').fill('Sam Rivera');
  await options.getByTestId('carebar-setup-initials').fill('SR');
  await options.getByTestId('carebar-setup-brand-x').fill('@AcmeSupport');
  await options.getByTestId('carebar-setup-brand-facebook').fill('facebook.com/AcmeSupport\n1234567890');
  await options.getByTestId('carebar-setup-save').click();
  await expect(options.getByTestId('carebar-setup-done')).toBeVisible();
  expect((await callApi(options, 'settings.get')).data.settings).toMatchObject({
    agentName: 'Sam Rivera',
    agentInitials: 'SR',
    brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport', '1234567890'] },
    setupDone: true,
  });

  // The open tab follows without a reload: only posts to the brand keep a toolbar, and none offers setup any more.
  await expect.poll(() => toolbars.count()).toBeLessThan(before);
  await expect(tab.getByTestId('carebar-finish-setup')).toHaveCount(0);
});

test('options: sections with a side navigation; a setting saved in one section survives a reload; errors sit by their field', async ({
  extension,
}) => {
  const { context, extensionId } = extension;
  const options = await openExtensionPage(context, extensionId);
  await callApi(options, 'settings.update', {
    settings: { agentName: 'Sam Rivera', agentInitials: 'SR', brandAccounts: { x: ['AcmeSupport'], facebook: [] }, setupDone: true },
  });
  await options.reload();

  const nav = options.getByRole('navigation', { name: 'Settings sections' });
  for (const name of ['You & team', 'Brand accounts', 'Service levels', 'Customer lookup', 'Snippets', 'Supervisor', 'Team']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await nav.getByRole('link', { name: 'Service levels' }).click();
  const sla = options.getByTestId('carebar-sla-form');
  await expect(sla).toBeInViewport();
  // Human units: the X breach shows as 30 minutes; set it to 2 hours.
  await expect(sla.locator('input[name="sla-x-breach"]')).toHaveValue('30');
  await expect(sla.locator('select[name="sla-x-breach-unit"]')).toHaveValue('minutes');
  // A breach before the target is refused, next to the field.
  await sla.locator('input[name="sla-x-breach"]').fill('5');
  await sla.getByRole('button', { name: 'Save service levels' }).click();
  await expect(sla.getByTestId('carebar-field-error')).toHaveText('The breach time cannot come before the target.');
  expect((await callApi(options, 'settings.get')).data.settings.sla.x.breachSec).toBe(1800);

  await sla.locator('select[name="sla-x-breach-unit"]').selectOption('hours');
  await sla.locator('input[name="sla-x-breach"]').fill('2');
  await expect(sla.getByTestId('carebar-field-error')).toHaveCount(0);
  await sla.getByRole('button', { name: 'Save service levels' }).click();
  await expect(sla.getByRole('status')).toHaveText('Saved.');
  expect((await callApi(options, 'settings.get')).data.settings.sla.x.breachSec).toBe(7200);

  // Another section's unsaved edit is not saved with it.
  await options.getByTestId('carebar-options-form').locator('input[name="agentName"]').fill('Someone Else');
  await options.reload();
  await expect(options.locator('input[name="sla-x-breach"]')).toHaveValue('2');
  await expect(options.locator('select[name="sla-x-breach-unit"]')).toHaveValue('hours');
  await expect(options.locator('input[name="agentName"]')).toHaveValue('Sam Rivera');

  // The You section's own Save keeps working as before, and no page shows a repository path.
  const you = options.getByTestId('carebar-options-form');
  await you.locator('input[name="agentInitials"]').fill('S.R');
  await you.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(you.getByRole('status')).toHaveText('Saved.');
  await options.reload();
  await expect(options.locator('input[name="agentInitials"]')).toHaveValue('S.R');
  expect(await options.locator('body').innerText()).not.toMatch(/docs\/|schemas\/|\.md\b/);
});
