import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test } from './harness';

// The options page's CSV import, end to end: worker parse, report, then the checked rows written by the
// background in chunks sent ahead of each other's replies (3 chunks here), with every skipped row named.
test('CSV import through the options page: report first, then pipelined chunks; skipped rows named by number', async ({ extension }) => {
  const { context, extensionId } = extension;
  const options = await openExtensionPage(context, extensionId);
  const errors = collectPageErrors(options);
  const lines = ['id,name,twitter,email,tier'];
  for (let i = 0; i < 12_001; i++) {
    if (i === 7_000)
      lines.push(`${i},"Broken ${i},user${i},user${i}@example.com,VIP`); // unterminated quote: file line 7002
    else if (i === 11_000)
      lines.push(`${i},Copy of 5,user5,copy5@example.com,`); // X handle of row 7: file line 11002
    else lines.push(`${i},Customer ${i},user${i},user${i}@example.com,${i % 10 === 0 ? 'VIP' : ''}`);
  }
  await options
    .getByTestId('carebar-import-file')
    .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(options.getByTestId('carebar-import-preview')).toContainText('Customer 0');
  await options.getByTestId('carebar-import-check').click();
  const report = options.getByTestId('carebar-import-report');
  await expect(report).toContainText('11,999 of 12,001 rows are ready');
  await expect(options.getByTestId('carebar-import-problems')).toContainText('Row 7002: broken row');
  await expect(options.getByTestId('carebar-import-problems')).toContainText('Row 11002: duplicate handle x:user5 (first in row 7)');
  // Nothing is written before the agent says so.
  expect(await callApi(options, 'crm.stats')).toMatchObject({ ok: true, data: { customers: 0 } });

  await options.getByTestId('carebar-import-go').click();
  const done = options.getByTestId('carebar-import-done');
  await expect(done).toContainText('Imported 11,999 of 12,001 rows. 2 skipped', { timeout: 60_000 });
  await expect(options.getByTestId('carebar-import-failed')).toHaveCount(0);
  expect(await callApi(options, 'crm.stats')).toMatchObject({ ok: true, data: { customers: 11_999 } });
  // Rows from every chunk are there, and findable by handle.
  const badges = await callApi(options, 'customers.badge', {
    authors: ['user0', 'user6000', 'user12000', 'user7000'].map((handle) => ({ channel: 'x', handle, id: null })),
  });
  expect(badges).toEqual({
    ok: true,
    data: {
      badges: {
        'x:user0': { tier: 'VIP', open: 0 },
        'x:user6000': { tier: 'VIP', open: 0 },
        'x:user12000': { tier: 'VIP', open: 0 },
        'x:user7000': null,
      },
    },
  });

  // Importing the same file again updates, it does not duplicate.
  await options
    .getByTestId('carebar-import-file')
    .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await options.getByTestId('carebar-import-check').click();
  await options.getByTestId('carebar-import-go').click();
  await expect(options.getByTestId('carebar-import-done')).toContainText('Imported 11,999 of 12,001 rows.', { timeout: 60_000 });
  expect(await callApi(options, 'crm.stats')).toMatchObject({ ok: true, data: { customers: 11_999 } });
  expect(errors).toEqual([]);
});
