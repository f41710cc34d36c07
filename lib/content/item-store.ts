import { CarebarRequestError } from '../shared/messaging/errors';
import type { ItemRow } from '../shared/records';
import type { ItemState, PostInfo } from '../shared/model';
import { createRequestBatcher } from './request-batcher';
import type { Request } from './request';

const BATCH_LIMIT = 200;
const BATCH_WINDOW_MS = 50;
/** Failures worth retrying: the database refused the write, not the request. */
const RETRYABLE: ReadonlySet<string> = new Set(['storage', 'internal']);
const RETRY_DELAY_MS = 5_000;
const RETRY_LIMIT = 12;

/**
 * The content script's view of item rows, kept in step with the background: posts seen on the page are reported in
 * one batched request per window, and change notices from other tabs update the rows in place.
 */
export function createItemStore(request: Request, onError: (err: unknown) => void) {
  const rows = new Map<string, ItemRow>();
  const listeners = new Map<string, Set<(row: ItemRow) => void>>();
  const repliesReported = new Set<string>();

  const retries = new Map<string, { cancel(): void }>();
  const retryLater = (key: string, to: ItemState, note: string | undefined, attempt = 0) => {
    if (attempt >= RETRY_LIMIT) return onError(new Error(`Gave up saving ${key} as ${to} after ${RETRY_LIMIT} tries`));
    const timer = setTimeout(async () => {
      retries.delete(key);
      try {
        const { item } = await request('items.setState', { key, to, note: note ?? null });
        apply(item);
      } catch (err) {
        if (err instanceof CarebarRequestError && RETRYABLE.has(err.code)) retryLater(key, to, note, attempt + 1);
        else onError(err);
      }
    }, RETRY_DELAY_MS);
    retries.set(key, { cancel: () => clearTimeout(timer) });
  };

  const emit = (row: ItemRow) => {
    rows.set(row.key, row);
    for (const l of listeners.get(row.key) ?? []) l(row);
  };
  // Replies may arrive out of order: a read (items.seen, a resync after a reconnect) sent before a change can be
  // answered after it, with the row as it was. Each change applied is numbered; a read's rows are dropped for keys
  // changed since the read was sent, so a claim never flips back to new on screen.
  let sequence = 0;
  const changedAt = new Map<string, number>();
  /** A row the background returned for a change, or pushed as changed: the newest there is. */
  const apply = (row: ItemRow) => {
    changedAt.set(row.key, ++sequence);
    emit(row);
  };
  /** Rows read by a request sent when `sequence` was `sentAt`. */
  const applyRead = (items: ItemRow[], sentAt: number) => {
    for (const row of items) if ((changedAt.get(row.key) ?? 0) <= sentAt) emit(row);
  };

  // Posts a scroll reveals within one window travel in one message: fewer, larger messages cost the page less.
  const seenPosts = createRequestBatcher<PostInfo>({
    windowMs: BATCH_WINDOW_MS,
    limit: BATCH_LIMIT,
    send: async (posts) => {
      const sentAt = sequence;
      const { items } = await request('items.seen', { posts });
      applyRead(items, sentAt);
    },
    onError: (err) => onError(err),
  });
  // One request per reply (the background takes one), sent after the items they answer are stored.
  const brandReplies = createRequestBatcher<PostInfo>({
    windowMs: BATCH_WINDOW_MS,
    limit: 1,
    send: async ([reply]) => {
      await seenPosts.settled();
      const { item } = await request('items.brandReplied', {
        key: reply.inReplyToKey!,
        source: 'thread',
        replyKey: reply.key,
        by: reply.authorHandle ?? reply.authorName,
        at: reply.postedAt,
        text: reply.text.slice(0, 10_000) || null, // kept as an interaction to review (issue 17)
      });
      if (item) apply(item);
    },
    onError: (err, [reply]) => {
      repliesReported.delete(reply.key); // try again next time it is seen
      onError(err);
    },
  });

  return {
    get: (key: string) => rows.get(key),
    /** Report a post the page shows; its row arrives through `subscribe`. */
    seen(post: PostInfo) {
      seenPosts.add(post.key, post);
    },
    /** A brand account's reply to an item is on the page: the item is answered (reported once per reply). */
    brandReplySeen(reply: PostInfo) {
      if (!reply.inReplyToKey || repliesReported.has(reply.key)) return;
      repliesReported.add(reply.key);
      brandReplies.add(reply.key, reply);
    },
    subscribe(key: string, listener: (row: ItemRow) => void): () => void {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      // The row may have arrived between mounting and subscribing (effects run after paint).
      const current = rows.get(key);
      if (current) listener(current);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
    /**
     * Change an item's state. When the background could not store it (quota, a database error), the change is kept
     * here and retried, and the error says so: nothing the agent did is silently dropped.
     */
    async setState(key: string, to: ItemState, note?: string) {
      retries.get(key)?.cancel();
      try {
        const { item, event } = await request('items.setState', { key, to, note: note ?? null });
        apply(item);
        return event;
      } catch (err) {
        if (!(err instanceof CarebarRequestError) || !RETRYABLE.has(err.code)) throw err;
        retryLater(key, to, note);
        throw new CarebarRequestError(err.code, `Not saved yet (${err.message}). Carebar keeps the change and retries.`);
      }
    },
    /** The agent submitted the site's reply box on this item. */
    async agentReplied(key: string) {
      const { item } = await request('items.brandReplied', {
        key,
        source: 'composer',
        replyKey: null,
        by: null,
        at: new Date().toISOString(),
      });
      if (item) apply(item);
    },
    async undo(eventId: string) {
      const { item } = await request('items.undo', { eventId });
      apply(item);
    },
    /** Apply rows pushed by the background (a change made in another tab). */
    applyChanges(items: ItemRow[]) {
      for (const item of items) if (rows.has(item.key) || listeners.has(item.key)) apply(item);
    },
    /** After a reconnect, fetch fresh rows for everything on screen: notices sent meanwhile were lost. */
    async resync() {
      const keys = [...listeners.keys()];
      for (let i = 0; i < keys.length; i += 500) {
        try {
          const sentAt = sequence;
          const { items } = await request('items.get', { keys: keys.slice(i, i + 500) });
          applyRead(items, sentAt);
        } catch (err) {
          onError(err);
        }
      }
    },
  };
}

export type ItemStore = ReturnType<typeof createItemStore>;
