// Issue 15: the options page's "Move to DM" section. The team sets how readily Carebar suggests a DM and its own public
// contacts; both survive a reload and reach the background (the reply guard lets the team's own number through).
import { readFileSync } from 'node:fs';
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';

const tradeoff = JSON.parse(readFileSync('lib/shared/detect/dm-tradeoff.json', 'utf8')) as { default: number };

test('move to DM settings: the readiness step and own contacts are saved, survive a reload and reach the reply guard', async ({
  extension,
}) => {
  const options = await openExtensionPage(extension.context, extension.extensionId);
  await callApi(options, 'settings.update', { settings: { agentName: 'Sam Rivera', setupDone: true } });
  await options.reload();
  const draft = { text: 'Please try 07700 900123 tomorrow, ask for Dana ^SR', role: 'draft', channel: 'x' };
  const guardStops = async () =>
    (await callApi(options, 'detect.text', draft)).data.problems.some((p: { kind: string }) => p.kind === 'personal-data');
  expect(await guardStops()).toBe(true);

  await options.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Move to DM' }).click();
  const form = options.getByTestId('carebar-detection-form');
  await expect(form).toBeInViewport();
  const slider = form.getByTestId('carebar-dm-readiness');
  // The default step is explained with the cross-validated figures.
  await expect(form).toContainText('This is the default');
  await expect(form).toContainText('posts that needed one');
  const defaultStep = Number(await slider.inputValue());
  // More readily: one step to the right.
  await slider.fill(String(defaultStep + 1));
  await expect(form).not.toContainText('This is the default');
  // A line too short to be a contact is refused next to the field.
  const contacts = form.getByTestId('carebar-own-contacts');
  await contacts.fill('07700 900123\nab');
  await form.getByTestId('carebar-save-detection').click();
  await expect(form.getByTestId('carebar-field-error')).toContainText('too short');
  await contacts.fill('07700 900123\nhelp.acme-shop.com\n');
  await form.getByTestId('carebar-save-detection').click();
  await expect(form).toContainText('Saved.');

  const saved = (await callApi(options, 'settings.get')).data.settings.detection;
  expect(saved.ownContacts).toEqual(['07700 900123', 'help.acme-shop.com']);
  expect(saved.dmThreshold).toBeCloseTo(tradeoff.default - 0.05, 5);
  expect(await guardStops()).toBe(false);

  await options.reload();
  const after = options.getByTestId('carebar-detection-form');
  await expect(after.getByTestId('carebar-own-contacts')).toHaveValue('07700 900123\nhelp.acme-shop.com');
  await expect(after.getByTestId('carebar-dm-readiness')).toHaveValue(String(defaultStep + 1));

  // Back to the default: the setting is removed, the model's own threshold applies again.
  await after.getByTestId('carebar-dm-default').click();
  await after.getByTestId('carebar-save-detection').click();
  await expect(after).toContainText('Saved.');
  expect((await callApi(options, 'settings.get')).data.settings.detection.dmThreshold).toBeUndefined();
  await options.reload();
  await expect(options.getByTestId('carebar-dm-readiness')).toHaveValue(String(defaultStep));
});
