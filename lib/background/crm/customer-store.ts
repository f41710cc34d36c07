import type { CarebarDB } from '../db/schema';
import type { CustomerBlockRow, CustomerRow } from '../../shared/records';
import { BLOCK_SIZE, makeBlock, newBlockId } from './customer-blocks';

// The local CRM's customers, stored in blocks of up to BLOCK_SIZE per IndexedDB record. IndexedDB costs about
// 70 µs per stored record plus 12 µs per index entry whatever the record's size, so one record per customer put
// a 100,000-row import at ~11 s of writes; 1,000 blocks take a fraction of that. Every read and write of a
// local-CRM customer goes through here. Each function works inside a caller's transaction that includes
// db.customerBlocks (Dexie reuses the ambient transaction).

function blockWithId(db: CarebarDB, id: string): Promise<CustomerBlockRow | undefined> {
  return db.customerBlocks.where('ids').equals(id).first();
}

export async function getCustomer(db: CarebarDB, id: string): Promise<CustomerRow | undefined> {
  return (await blockWithId(db, id))?.customers.find((c) => c.id === id);
}

/** Every customer holding this identity key (one, unless something went wrong), in block order. */
export async function customersByHandle(db: CarebarDB, key: string): Promise<CustomerRow[]> {
  const blocks = await db.customerBlocks.where('handles').equals(key).toArray();
  const seen = new Set<string>();
  return blocks.flatMap((b) => b.customers.filter((c) => c.handles.includes(key) && !seen.has(c.id) && seen.add(c.id)));
}

export async function customerByHandle(db: CarebarDB, key: string): Promise<CustomerRow | undefined> {
  const block = await db.customerBlocks.where('handles').equals(key).first();
  return block?.customers.find((c) => c.handles.includes(key));
}

/** Customers with exactly this name (case-sensitive), at most `limit`. */
export async function customersByName(db: CarebarDB, name: string, limit: number): Promise<CustomerRow[]> {
  const out: CustomerRow[] = [];
  await db.customerBlocks
    .where('names')
    .equals(name)
    .until(() => out.length >= limit)
    .each((b) => {
      for (const c of b.customers) if (c.name === name && out.length < limit) out.push(c);
    });
  return out;
}

/**
 * The first `limit` customers (by the matched key) among those whose key matches. The index runs in key order
 * across blocks, so the first `limit` customers are all in the first `limit` distinct blocks it meets.
 */
async function firstMatching(
  db: CarebarDB,
  blockIds: (until: () => boolean, add: (id: string) => void) => Promise<unknown>,
  keyOf: (c: CustomerRow) => string | undefined,
  limit: number,
): Promise<CustomerRow[]> {
  const ids = new Set<string>();
  await blockIds(
    () => ids.size >= limit,
    (id) => ids.add(id),
  );
  const blocks = await db.customerBlocks.bulkGet([...ids]);
  return blocks
    .flatMap((b) => (b ? b.customers : []))
    .map((c) => ({ c, key: keyOf(c) }))
    .filter((m): m is { c: CustomerRow; key: string } => m.key !== undefined)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0))
    .slice(0, limit)
    .map((m) => m.c);
}

/** Customers whose name starts with `query`, any case, in name order. */
export function searchNamePrefix(db: CarebarDB, query: string, limit: number): Promise<CustomerRow[]> {
  const q = query.toLowerCase();
  return firstMatching(
    db,
    (until, add) => db.customerBlocks.where('names').startsWithIgnoreCase(query).until(until).eachPrimaryKey(add),
    (c) => (c.name.toLowerCase().startsWith(q) ? c.name : undefined),
    limit,
  );
}

/** Customers holding an identity key that starts with `prefix` (already lower-case), in key order. */
export function searchHandlePrefix(db: CarebarDB, prefix: string, limit: number): Promise<CustomerRow[]> {
  return firstMatching(
    db,
    (until, add) => db.customerBlocks.where('handles').startsWith(prefix).until(until).eachPrimaryKey(add),
    (c) => c.handles.filter((h) => h.startsWith(prefix)).sort()[0],
    limit,
  );
}

/** Write one customer: replaced in its block, or added to the newest block with room (or a new one). */
export function putCustomer(db: CarebarDB, customer: CustomerRow): Promise<void> {
  return db.transaction('rw', db.customerBlocks, async () => {
    const block = await blockWithId(db, customer.id);
    if (block) {
      await db.customerBlocks.put(
        makeBlock(
          block.id,
          block.customers.map((c) => (c.id === customer.id ? customer : c)),
        ),
      );
      return;
    }
    const last = await db.customerBlocks.toCollection().last();
    if (last && last.customers.length < BLOCK_SIZE) await db.customerBlocks.put(makeBlock(last.id, [...last.customers, customer]));
    else await db.customerBlocks.put(makeBlock(newBlockId(), [customer]));
  });
}

/** Change some fields of one customer; false when there is no such customer. */
export function updateCustomer(db: CarebarDB, id: string, changes: Partial<Omit<CustomerRow, 'id'>>): Promise<boolean> {
  return db.transaction('rw', db.customerBlocks, async () => {
    const block = await blockWithId(db, id);
    if (!block) return false;
    await db.customerBlocks.put(
      makeBlock(
        block.id,
        block.customers.map((c) => (c.id === id ? { ...c, ...changes } : c)),
      ),
    );
    return true;
  });
}

/** Delete one customer; false when there was none. An emptied block is deleted. */
export function deleteCustomer(db: CarebarDB, id: string): Promise<boolean> {
  return db.transaction('rw', db.customerBlocks, async () => {
    const block = await blockWithId(db, id);
    if (!block) return false;
    const rest = block.customers.filter((c) => c.id !== id);
    if (rest.length) await db.customerBlocks.put(makeBlock(block.id, rest));
    else await db.customerBlocks.delete(block.id);
    return true;
  });
}

/** How many customers: the entries of the `ids` index (one per customer), counted without reading a block. */
export function countCustomers(db: CarebarDB): Promise<number> {
  return db.customerBlocks.orderBy('ids').count();
}
