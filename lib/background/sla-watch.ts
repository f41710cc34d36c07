import type { CarebarDB } from './db/schema';
import type { ItemRow } from '../shared/records';
import type { Settings } from '../shared/settings';
import { policyFor, readSla } from '../shared/sla';

/**
 * One pass over the waiting items: how many are due or breached (the toolbar badge), and which breached since the
 * last pass. Those are marked notified in the same transaction, so each item notifies at most once, even when the
 * service worker was killed and an alarm wakes a fresh one.
 */
export async function sweepSla(
  db: CarebarDB,
  settings: Settings,
  nowMs = Date.now(),
): Promise<{ due: number; breached: number; newlyBreached: ItemRow[] }> {
  return db.transaction('rw', db.items, async () => {
    const waiting = await db.items.where('state').anyOf('new', 'claimed').toArray();
    let due = 0;
    let breached = 0;
    const newlyBreached: ItemRow[] = [];
    const at = new Date(nowMs).toISOString();
    for (const item of waiting) {
      const { state } = readSla(item, policyFor(settings, item.channel), nowMs);
      if (state === 'due') due++;
      if (state !== 'breached') continue;
      breached++;
      if (!item.breachNotifiedAt) newlyBreached.push({ ...item, breachNotifiedAt: at });
    }
    if (newlyBreached.length) await db.items.bulkPut(newlyBreached);
    return { due, breached, newlyBreached };
  });
}
