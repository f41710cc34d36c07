import { readFile } from 'node:fs/promises';
import { callApi, openExtensionPage } from './api';
import { expect, test } from './harness';
import { act } from './toolbar-actions';

test('export → wipe → import restores every item and event', async ({ extension }) => {
  const { context, extensionId } = extension;
  // Some real work: items from the replica, with state changes (events).
  const tab = await context.newPage();
  await tab.goto('https://x.com/notifications/mentions');
  const toolbars = tab.locator('[data-testid="carebar-toolbar"]');
  await expect(toolbars).toHaveCount(8, { timeout: 30_000 });
  await toolbars.nth(0).getByTestId('carebar-claim').click();
  await expect(toolbars.nth(0).getByTestId('carebar-state')).toHaveAttribute('data-state', 'claimed');
  await act(toolbars.nth(1), 'carebar-mark-replied');
  await expect(toolbars.nth(1).getByTestId('carebar-state')).toHaveAttribute('data-state', 'replied');

  const ext = await openExtensionPage(context, extensionId);
  const exportJson = async () => {
    const { data } = await callApi(ext, 'backup.export', { format: 'json' });
    if (!('json' in data)) throw new Error('backup.export answered without json');
    return data.json;
  };
  const before = await exportJson();
  const reports = await context.newPage();
  await reports.goto(`chrome-extension://${extensionId}/reports.html`);
  await expect(reports.getByTestId('carebar-report-table')).toBeVisible();
  const downloading = reports.waitForEvent('download');
  await reports.getByTestId('carebar-report-export-json').click();
  const file = await (await downloading).path();

  reports.once('dialog', (d) => d.accept());
  await reports.getByTestId('carebar-report-wipe').click();
  await expect(reports.getByTestId('carebar-report-wipe-result')).toContainText('Deleted 8 items and 2 events');
  expect((await callApi(ext, 'items.queue', {})).data.items).toHaveLength(0);

  await reports.getByTestId('carebar-report-import').setInputFiles(file);
  await expect(reports.getByTestId('carebar-report-import-result')).toHaveAttribute('data-ok', 'true');
  const after = await exportJson();
  const strip = (json: string) => {
    const doc = JSON.parse(json);
    delete doc.exportedAt;
    return doc;
  };
  expect(strip(after)).toEqual(strip(before));
  expect(strip(await readFile(file, 'utf8'))).toEqual(strip(before));
});
