import Dexie from 'dexie';
import type { ItemState, PostInfo } from '../../shared/model';
import { canTransition, OPEN_STATES, RESPONSE_STATES, UNDO_WINDOW_MS, WAITING_STATES } from '../../shared/state-machine';
import type { Channel } from '../../shared/model';
import { authorKeyOf, type CarebarDB } from './schema';
import type { EventRow, ItemRow } from '../../shared/records';

export const EXCERPT_LENGTH = 280;

export class ItemNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No item ${key}`);
    this.name = 'ItemNotFoundError';
  }
}

/** A change the state machine or the undo rules do not allow; nothing was written. */
export class ChangeRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChangeRejectedError';
  }
}

/** The item's events in the order they were made here (by local sequence number). */
const byItemSeq = (db: CarebarDB, key: string) => db.events.where('[itemKey+seq]').between([key, Dexie.minKey], [key, Dexie.maxKey]);

/** The next local sequence number of an item's events; call inside the transaction that adds the event. */
export async function nextSeq(db: CarebarDB, key: string): Promise<number> {
  return ((await byItemSeq(db, key).last())?.seq ?? 0) + 1;
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
  change: { key: string; to: ItemState; agent: string | null; note?: string | null; respondedAt?: string },
  now = new Date().toISOString(),
): Promise<{ item: ItemRow; event: EventRow }> {
  return db.transaction('rw', db.items, db.events, async () => {
    const item = await db.items.get(change.key);
    if (!item) throw new ItemNotFoundError(change.key);
    if (!canTransition(item.state, change.to)) {
      throw new ChangeRejectedError(`An item that is ${item.state} cannot become ${change.to}`);
    }
    const event: EventRow = {
      id: crypto.randomUUID(),
      itemKey: item.key,
      from: item.state,
      to: change.to,
      at: now,
      agent: change.agent,
      note: change.note ?? null,
      seq: await nextSeq(db, item.key),
    };
    const updated: ItemRow = {
      ...item,
      state: change.to,
      stateChangedAt: now,
      agent: change.agent,
      // An automatically detected reply carries its real time (the brand's reply in the thread).
      firstResponseAt: item.firstResponseAt ?? (RESPONSE_STATES.has(change.to) ? (change.respondedAt ?? now) : null),
    };
    await db.items.put(updated);
    await db.events.add(event);
    return { item: updated, event };
  });
}

/**
 * A brand reply to an item was seen (or sent by the agent): a still-waiting item becomes replied, with the reply's
 * real time as its first response. Returns null when there is nothing to change (unknown or already answered item).
 */
export async function recordBrandReply(
  db: CarebarDB,
  reply: { key: string; replyKey: string | null; by: string | null; at: string | null; agent?: string | null },
  now = new Date().toISOString(),
): Promise<{ item: ItemRow; event: EventRow } | null> {
  return db.transaction('rw', db.items, db.events, async () => {
    const item = await db.items.get(reply.key);
    if (!item || !WAITING_STATES.has(item.state)) return null;
    // A reply cannot precede the post nor lie in the future.
    const t = reply.at ? Date.parse(reply.at) : NaN;
    const at = t >= Date.parse(item.postedAt) && t <= Date.parse(now) ? new Date(t).toISOString() : now;
    const note = `Reply ${reply.by ? `by ${reply.by} ` : ''}detected${reply.replyKey ? ` (${reply.replyKey})` : ''}`;
    return changeState(db, { key: item.key, to: 'replied', agent: reply.agent ?? null, note, respondedAt: at }, now);
  });
}

/**
 * Undo a change within UNDO_WINDOW_MS, if it is still the item's latest: the item goes back to the earlier state
 * and a compensating event is appended (the log is never rewritten).
 */
export async function undoChange(
  db: CarebarDB,
  undo: { eventId: string; agent: string | null },
  now = new Date().toISOString(),
): Promise<{ item: ItemRow; event: EventRow }> {
  return db.transaction('rw', db.items, db.events, async () => {
    const original = await db.events.get(undo.eventId);
    if (!original) throw new ChangeRejectedError('That change is no longer known');
    const item = await db.items.get(original.itemKey);
    if (!item) throw new ItemNotFoundError(original.itemKey);
    const latest = await byItemSeq(db, item.key).last();
    if (latest?.id !== original.id) throw new ChangeRejectedError('A later change was made: undo that first');
    if (Date.parse(now) - Date.parse(original.at) > UNDO_WINDOW_MS) throw new ChangeRejectedError('Too late to undo');
    const to = original.from ?? 'new';
    const event: EventRow = {
      id: crypto.randomUUID(),
      itemKey: item.key,
      from: item.state,
      to,
      at: now,
      agent: undo.agent,
      note: `undo of ${original.id}`,
      seq: await nextSeq(db, item.key),
    };
    const updated: ItemRow = {
      ...item,
      state: to,
      stateChangedAt: now,
      agent: undo.agent,
      // The undone change was the first response: the customer is waiting again.
      firstResponseAt: item.firstResponseAt === original.at ? null : item.firstResponseAt,
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

/** The item's audit trail, in the order the changes were made. */
export async function itemHistory(db: CarebarDB, key: string): Promise<EventRow[]> {
  return byItemSeq(db, key).toArray();
}

/** Items the queue lists (waiting, in DM, escalated), oldest post first. */
export async function openItems(db: CarebarDB, channel?: Channel): Promise<ItemRow[]> {
  const ranges = OPEN_STATES.map((state) => [state, ''] as [string, string]);
  const rows = await db.items
    .where('[state+postedAt]')
    .inAnyRange(
      ranges.map(([state]) => [
        [state, ''],
        [state, '\uffff'],
      ]),
    )
    .toArray();
  return rows.filter((r) => !channel || r.channel === channel).sort((a, b) => a.postedAt.localeCompare(b.postedAt));
}
