import { exportBackup, importBackup, reportData, wipeWorkData } from '../db/backup';
import type { HandlerTable } from './context';

export const reportHandlers: HandlerTable<'reports.data' | 'data.wipe' | 'backup.export' | 'backup.import'> = {
  'reports.data': async ({ from, to }, ctx) => reportData(ctx.db, { from, to }),
  'data.wipe': async (_input, ctx) => {
    const counts = await wipeWorkData(ctx.db);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return counts;
  },
  'backup.export': async ({ format }, ctx) => exportBackup(ctx.db, format),
  'backup.import': async ({ document }, ctx) => {
    const { report, changed } = await importBackup(ctx.db, document);
    if (changed.length) ctx.broadcast({ type: 'items.changed', items: changed });
    return report;
  },
};
