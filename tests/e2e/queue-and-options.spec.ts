import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';

test('first-run setup saves settings through the privileged API, and the queue lists items by urgency', async ({ extension }) => {
  const { context, extensionId } = extension;
  const options = await openExtensionPage(context, extensionId);
  await expect(options.getByTestId('carebar-setup')).toBeVisible();
  await options.locator('input[name="agentName"]').fill('Sam Rivera');
  await options.locator('input[name="agentInitials"]').fill('SR');
  await options.locator('textarea[name="brand-x"]').fill('@AcmeSupport');
  const form = options.getByTestId('carebar-options-form');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  const { data } = await callApi(options, 'settings.get');
  expect(data.settings).toMatchObject({
    agentName: 'Sam Rivera',
    agentInitials: 'SR',
    brandAccounts: { x: ['AcmeSupport'] },
    setupDone: true,
  });

  // Three items of different ages: the queue shows the longest-waiting (breached) first.
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
  const seen = await callApi(options, 'items.seen', { posts: [post('1001', 5), post('1002', 45), post('1003', 20)] });
  expect(seen.ok).toBe(true);

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
