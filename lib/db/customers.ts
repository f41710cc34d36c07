import type { CarebarDB } from './schema';
import type { CustomerRow, ItemRow } from './types';

export interface CustomerCard {
  /** The post the card was opened from. */
  item: ItemRow;
  /** The matching local-CRM customer, and how it was matched. */
  customer: CustomerRow | null;
  match: 'handle' | 'id' | null;
  /** Our other interactions with this author (any channel the same author key covers), newest first. */
  history: ItemRow[];
}

const HISTORY_LIMIT = 50;

/** Everything the card shows for the author of one item: local CRM record and our history with them. */
export async function customerCard(db: CarebarDB, key: string): Promise<CustomerCard | null> {
  return db.transaction('r', db.items, db.customers, async () => {
    const item = await db.items.get(key);
    if (!item) return null;
    let customer: CustomerRow | null = null;
    let match: CustomerCard['match'] = null;
    if (item.authorHandle) {
      customer = (await db.customers.where('handles').equals(`${item.channel}:${item.authorHandle.toLowerCase()}`).first()) ?? null;
      if (customer) match = 'handle';
    }
    if (!customer && item.authorId) {
      customer = (await db.customers.where('handles').equals(`${item.channel}:id:${item.authorId}`).first()) ?? null;
      if (customer) match = 'id';
    }
    // The customer's linked identities widen the history to their other handles (X and Facebook alike).
    const authorKeys = new Set<string>(item.authorKey ? [item.authorKey] : []);
    for (const handle of customer?.handles ?? []) authorKeys.add(handle);
    const history = (await db.items.where('authorKey').anyOf([...authorKeys]).toArray())
      .filter((row) => row.key !== key)
      .sort((a, b) => b.postedAt.localeCompare(a.postedAt))
      .slice(0, HISTORY_LIMIT);
    return { item, customer, match, history };
  });
}
