import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { Channel } from '../../shared/model';
import type { CarebarDB } from './schema';

const SETTINGS_KEY = 'settings';
/** Settings the organisation's policy sets (lib/shared/managed-policy.ts), written by the background from managed storage. */
const MANAGED_KEY = 'settings.managed';

/** The settings in force: defaults, then what the agent saved, then what the organisation's policy sets. */
export async function readSettings(db: CarebarDB): Promise<Settings> {
  const [row, managed] = await Promise.all([db.settings.get(SETTINGS_KEY), readManagedSettings(db)]);
  return { ...DEFAULT_SETTINGS, ...((row?.value as Partial<Settings>) ?? {}), ...managed };
}

/** Save the agent's own settings. Fields the policy sets are kept as the policy says (the agent cannot change them). */
export async function writeSettings(db: CarebarDB, patch: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const managed = await readManagedSettings(db);
    const own = Object.fromEntries(Object.entries(patch).filter(([key]) => !(key in managed)));
    const stored = ((await db.settings.get(SETTINGS_KEY))?.value as Partial<Settings>) ?? {};
    await db.settings.put({ key: SETTINGS_KEY, value: { ...DEFAULT_SETTINGS, ...stored, ...own } });
    return readSettings(db);
  });
}

export async function readManagedSettings(db: CarebarDB): Promise<Partial<Settings>> {
  return ((await db.settings.get(MANAGED_KEY))?.value as Partial<Settings>) ?? {};
}

/** Record what the policy sets now; true when that changed. */
export async function writeManagedSettings(db: CarebarDB, managed: Partial<Settings>): Promise<boolean> {
  return db.transaction('rw', db.settings, async () => {
    if (JSON.stringify(await readManagedSettings(db)) === JSON.stringify(managed)) return false;
    await db.settings.put({ key: MANAGED_KEY, value: managed });
    return true;
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
