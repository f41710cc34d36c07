import type { CarebarDB } from './schema';
import type { CustomerBadge, CustomerCard } from '../../shared/customer-card';
import { lookupLocal } from '../crm/local';
import { identityKeys } from '../../shared/author-key';
import { openRecords, type CrmIdentity } from '../../shared/crm/connector';

const HISTORY_LIMIT = 50;

/** Everything the card shows for the author of one item: local CRM record and our history with them. */
export async function customerCard(db: CarebarDB, key: string): Promise<CustomerCard | null> {
  return db.transaction('r', db.items, db.customerBlocks, db.events, async () => {
    const item = await db.items.get(key);
    if (!item) return null;
    const found = await lookupLocal(db, { channel: item.channel, handle: item.authorHandle, id: item.authorId, name: item.authorName });
    const customer = found?.customer ?? null;
    // The customer's linked identities widen the history to their other handles (X and Facebook alike). A match
    // by name only is a suggestion: it does not pull in that customer's history until the agent links it.
    const authorKeys = new Set<string>(item.authorKey ? [item.authorKey] : []);
    if (found && found.match !== 'name') for (const handle of customer?.handles ?? []) authorKeys.add(handle);
    const rows = (
      await db.items
        .where('authorKey')
        .anyOf([...authorKeys])
        .toArray()
    )
      .filter((row) => row.key !== key)
      .sort((a, b) => b.postedAt.localeCompare(a.postedAt))
      .slice(0, HISTORY_LIMIT);
    const dmMoves = new Map<string, string>();
    if (rows.length) {
      const events = await db.events
        .where('itemKey')
        .anyOf(rows.map((r) => r.key))
        .toArray();
      for (const e of events) if (e.to === 'dm' && (dmMoves.get(e.itemKey) ?? '') < e.at) dmMoves.set(e.itemKey, e.at);
    }
    const history = rows.map((row) => ({
      ...row,
      dmAt: dmMoves.get(row.key) ?? null,
      responseSec: row.firstResponseAt
        ? Math.max(0, Math.round((Date.parse(row.firstResponseAt) - Date.parse(row.postedAt)) / 1000))
        : null,
    }));
    return { item, customer, match: found?.match ?? null, identityKey: item.authorKey, history };
  });
}

/** Badges for many authors at once (one per visible toolbar): exact handle or id matches only, never by name. */
export async function customerBadges(db: CarebarDB, authors: Omit<CrmIdentity, 'name'>[]): Promise<Record<string, CustomerBadge | null>> {
  return db.transaction('r', db.customerBlocks, async () => {
    const out: Record<string, CustomerBadge | null> = {};
    for (const author of authors) {
      const { handleKey, idKey } = identityKeys(author);
      const key = handleKey ?? idKey;
      if (!key || key in out) continue;
      const found = await lookupLocal(db, { ...author, name: null }, { byName: false });
      out[key] = found ? { tier: found.customer.tier, open: openRecords(found.customer) } : null;
    }
    return out;
  });
}
