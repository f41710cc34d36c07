import { readSettings, readSignedIn, recordSignedIn, writeSettings } from '../db/settings';
import type { HandlerTable } from './context';

export const settingsHandlers: HandlerTable<'accounts.seen' | 'accounts.signedIn' | 'settings.get' | 'settings.update'> = {
  'accounts.seen': async ({ channel, handle }, ctx) => {
    await recordSignedIn(ctx.db, channel, handle);
    return { ok: true };
  },
  'accounts.signedIn': async (_input, ctx) => ({ accounts: await readSignedIn(ctx.db) }),
  'settings.get': async (_input, ctx) => ({ settings: await readSettings(ctx.db) }),
  'settings.update': async ({ settings }, ctx) => {
    const saved = await writeSettings(ctx.db, settings);
    ctx.broadcast({ type: 'settings.changed', settings: saved });
    return { settings: saved };
  },
};
