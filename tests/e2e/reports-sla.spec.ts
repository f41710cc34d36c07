// The reports page's SLA figure counts unanswered items past their breach time as misses; ignored items and items
// still within their time are neither; the default period covers at least the last 24 hours.
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';
import { seePosts, xPost } from './pages-seed';

test('reports: SLA met counts answered items and unanswered ones past breach; ignored items are neither', async ({ extension }) => {
  const { context, extensionId } = extension;
  const ext = await openExtensionPage(context, extensionId);
  await callApi(ext, 'settings.update', {
    settings: { agentName: 'Ana Lima', agentInitials: 'AL', brandAccounts: { x: ['AcmeSupport'], facebook: [] }, setupDone: true },
  });
  // X breaches at 30 min. Answered now: 3001 after 10 min (met), 3002 after 2 h (missed).
  // Unanswered: 3003 for 3 h (missed), 3004 for 20 h (missed: still inside the last 24 hours), 3005 for 5 min (not yet counted).
  // Ignored: 3006 after 3 h (neither).
  await seePosts(ext, [
    xPost('3001', 10),
    xPost('3002', 120),
    xPost('3003', 180),
    xPost('3004', 20 * 60),
    xPost('3005', 5),
    xPost('3006', 180),
  ]);
  for (const [key, to] of [
    ['x:3001', 'replied'],
    ['x:3002', 'replied'],
    ['x:3006', 'ignored'],
  ] as const) {
    expect((await callApi(ext, 'items.setState', { key, to })).ok).toBe(true);
  }

  const reports = await context.newPage();
  await reports.goto(`chrome-extension://${extensionId}/reports.html`);
  const sla = reports.getByTestId('carebar-report-sla');
  await expect(sla).toHaveAttribute('data-met', '1');
  await expect(sla).toHaveAttribute('data-total', '4');
  await expect(sla).toContainText('25%');
  await expect(sla).toContainText('1 of 4');
  await expect(reports.getByTestId('carebar-report-sla-how')).toContainText('unanswered once they are past their breach time');
  // Replies marked by hand are told apart from replies Carebar saw.
  await expect(reports.getByTestId('carebar-report-replies')).toHaveAttribute('data-manual', '2');
  await expect(reports.getByTestId('carebar-report-replies')).toHaveAttribute('data-seen', '0');
  // Per agent, by name.
  await expect(reports.getByTestId('carebar-report-agent').first()).toContainText('Ana Lima');

  // The narrowest period still covers the last 24 hours.
  await reports.getByTestId('carebar-report-range').getByRole('radio', { name: '24 hours' }).click();
  await expect(reports.getByTestId('carebar-report-range')).toHaveAttribute('data-value', '24h');
  await expect(sla).toHaveAttribute('data-total', '4');

  // A reply seen in the thread is reported as seen.
  expect(
    (await callApi(ext, 'items.brandReplied', { key: 'x:3003', source: 'thread', replyKey: null, by: 'AcmeSupport', at: null })).ok,
  ).toBe(true);
  await expect(reports.getByTestId('carebar-report-replies')).toHaveAttribute('data-seen', '1');
  await expect(sla).toHaveAttribute('data-total', '4'); // 3003 is now an answered miss instead of an unanswered one
});
