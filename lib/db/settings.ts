import { DEFAULT_SETTINGS, type Settings } from '../messaging/protocol';
import type { CarebarDB } from './schema';

const SETTINGS_KEY = 'settings';

export async function readSettings(db: CarebarDB): Promise<Settings> {
  const row = await db.settings.get(SETTINGS_KEY);
  return { ...DEFAULT_SETTINGS, ...((row?.value as Partial<Settings>) ?? {}) };
}

export async function writeSettings(db: CarebarDB, patch: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await readSettings(db)), ...patch };
    await db.settings.put({ key: SETTINGS_KEY, value: next });
    return next;
  });
}
