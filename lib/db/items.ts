import type { ItemState, PostInfo } from '../model';
import { authorKeyOf, type CarebarDB } from './schema';
import type { EventRow, ItemRow } from './types';

export const EXCERPT_LENGTH = 280;

/** States that count as the brand having responded (for first-response time). */
const RESPONSE_STATES: ReadonlySet<ItemState> = new Set(['replied', 'dm', 'escalated', 'ignored', 'closed']);

export class ItemNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No item ${key}`);
    this.name = 'ItemNotFoundError';
  }
}

function newItem(post: PostInfo, now: string): ItemRow {
  const item: ItemRow = {
    key: post.key,
    channel: post.channel,
    postId: post.postId,
    kind: post.kind,
    permalink: post.permalink,
    authorHandle: post.authorHandle,
    authorName: post.authorName,
    authorId: post.authorId,
    authorKey: null,
    excerpt: post.text.slice(0, EXCERPT_LENGTH),
    postedAt: post.postedAt ?? now,
    postedAtEstimated: post.postedAt === null,
    firstSeenAt: now,
    lastSeenAt: now,
    state: 'new',
    stateChangedAt: now,
    agent: null,
    firstResponseAt: null,
    inReplyToKey: post.inReplyToKey,
  };
  item.authorKey = authorKeyOf(item);
  return item;
}

/**
 * Record posts the page shows: new ones become items in state `new`; known ones keep their state and get fresher
 * page facts (an estimated time is replaced by a real one). Returns the stored rows, in input order.
 */
export async function recordSeen(db: CarebarDB, posts: PostInfo[], now = new Date().toISOString()): Promise<ItemRow[]> {
  return db.transaction('rw', db.items, async () => {
    const existing = await db.items.bulkGet(posts.map((p) => p.key));
    const writes: ItemRow[] = [];
    const result = posts.map((post, i) => {
      const old = existing[i];
      if (!old) {
        const created = newItem(post, now);
        writes.push(created);
        return created;
      }
      const updated: ItemRow = {
        ...old,
        authorName: post.authorName ?? old.authorName,
        authorHandle: post.authorHandle ?? old.authorHandle,
        authorId: post.authorId ?? old.authorId,
        excerpt: post.text ? post.text.slice(0, EXCERPT_LENGTH) : old.excerpt,
        lastSeenAt: now,
      };
      if (old.postedAtEstimated && post.postedAt) {
        updated.postedAt = post.postedAt;
        updated.postedAtEstimated = false;
      }
      updated.authorKey = authorKeyOf(updated);
      writes.push(updated);
      return updated;
    });
    // Dedupe within one batch (the same post twice on a page): the last write wins, all are identical facts.
    await db.items.bulkPut(writes);
    return result;
  });
}

/** Change an item's state: the item row and its audit event are written in one transaction. */
export async function changeState(
  db: CarebarDB,
  change: { key: string; to: ItemState; agent: string | null; note?: string | null },
  now = new Date().toISOString(),
): Promise<{ item: ItemRow; event: EventRow }> {
  return db.transaction('rw', db.items, db.events, async () => {
    const item = await db.items.get(change.key);
    if (!item) throw new ItemNotFoundError(change.key);
    const event: EventRow = {
      id: crypto.randomUUID(),
      itemKey: item.key,
      from: item.state,
      to: change.to,
      at: now,
      agent: change.agent,
      note: change.note ?? null,
    };
    const updated: ItemRow = {
      ...item,
      state: change.to,
      stateChangedAt: now,
      agent: change.agent,
      firstResponseAt: item.firstResponseAt ?? (RESPONSE_STATES.has(change.to) ? now : null),
    };
    await db.items.put(updated);
    await db.events.add(event);
    return { item: updated, event };
  });
}

export async function getItems(db: CarebarDB, keys: string[]): Promise<ItemRow[]> {
  const rows = await db.items.bulkGet(keys);
  return rows.filter((r): r is ItemRow => r !== undefined);
}

/** The item's audit trail, oldest first. */
export async function itemHistory(db: CarebarDB, key: string): Promise<EventRow[]> {
  return db.events.where('[itemKey+at]').between([key, ''], [key, '\uffff']).toArray();
}
