import type { EventRow } from '../../shared/records';
import type { CarebarDB } from './schema';
import { ItemNotFoundError, nextSeq } from './items';

/**
 * Append a note to an item's history without changing its state: an event with from = to = the current state
 * ("posted anyway: …", "private reply opened"). Reports count state changes, so they skip from === to events.
 */
export async function appendNote(
  db: CarebarDB,
  change: { key: string; note: string; agent: string | null },
  now = new Date().toISOString(),
): Promise<EventRow> {
  return db.transaction('rw', db.items, db.events, async () => {
    const item = await db.items.get(change.key);
    if (!item) throw new ItemNotFoundError(change.key);
    const event: EventRow = {
      id: crypto.randomUUID(),
      itemKey: item.key,
      from: item.state,
      to: item.state,
      at: now,
      agent: change.agent,
      note: change.note,
      seq: await nextSeq(db, item.key),
    };
    await db.events.add(event);
    return event;
  });
}
