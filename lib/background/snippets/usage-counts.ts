import type { CarebarDB } from '../db/schema';

// How often each snippet was inserted: one settings row for all of them (pack snippets have no row of their own).

const USAGE_KEY = 'snippets.usage';
export async function readUsage(db: CarebarDB): Promise<Record<string, number>> {
  return ((await db.settings.get(USAGE_KEY))?.value as Record<string, number> | undefined) ?? {};
}

/** Count one use; returns the new count. */
export function addUse(db: CarebarDB, id: string): Promise<number> {
  return db.transaction('rw', db.settings, async () => {
    const usage = await readUsage(db);
    usage[id] = (usage[id] ?? 0) + 1;
    await db.settings.put({ key: USAGE_KEY, value: usage });
    return usage[id];
  });
}
