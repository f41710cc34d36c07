import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { Channel } from '../../shared/model';
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

const SIGNED_IN_KEY = 'signedIn';
type SignedIn = Partial<Record<Channel, string>>;

/** The accounts the agent was last seen signed in as, per channel. */
export async function readSignedIn(db: CarebarDB): Promise<SignedIn> {
  return ((await db.settings.get(SIGNED_IN_KEY))?.value as SignedIn) ?? {};
}

export async function recordSignedIn(db: CarebarDB, channel: Channel, handle: string): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const current = await readSignedIn(db);
    if (current[channel] !== handle) await db.settings.put({ key: SIGNED_IN_KEY, value: { ...current, [channel]: handle } });
  });
}
