import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';
import { seePosts, xPost } from './pages-seed';

test('first-run setup saves settings through the privileged API, and the queue lists items by urgency', async ({ extension }) => {
  const { context, extensionId } = extension;
  const options = await openExtensionPage(context, extensionId);
  await expect(options.getByTestId('carebar-setup')).toBeVisible();
  await options.getByTestId('carebar-setup-name').fill('Sam Rivera');
  await options.getByTestId('carebar-setup-initials').fill('SR');
  await options.getByTestId('carebar-setup-brand-x').fill('@AcmeSupport');
  await options.getByTestId('carebar-setup-save').click();
  await expect(options.getByTestId('carebar-setup-done')).toBeVisible();
  const { data } = await callApi(options, 'settings.get');
  expect(data.settings).toMatchObject({
    agentName: 'Sam Rivera',
    agentInitials: 'SR',
    brandAccounts: { x: ['AcmeSupport'] },
    setupDone: true,
  });

  // Three items of different ages: the queue shows the longest-waiting (breached) first.
  await seePosts(options, [xPost('1001', 5), xPost('1002', 45), xPost('1003', 20)]);

  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const rows = panel.getByTestId('carebar-queue-item');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-carebar-id'), e.getAttribute('data-sla-state')]))).toEqual([
    ['x:1002', 'breached'],
    ['x:1003', 'due'],
    ['x:1001', 'ok'],
  ]);
  // A change made elsewhere shows in the open panel.
  await callApi(options, 'items.setState', { key: 'x:1002', to: 'replied' });
  await expect(rows).toHaveCount(2);
});
