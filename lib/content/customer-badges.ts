import type { CustomerBadge } from '../shared/customer-card';
import { createRequestBatcher } from './request-batcher';
import type { Channel } from '../shared/model';

type Listener = (badge: CustomerBadge | null) => void;
export interface BadgeAuthor {
  channel: Channel;
  handle: string | null;
  id: string | null;
}

/** The same key the background answers with (`x:handle`, `facebook:id:123`). */
export const badgeKey = (a: BadgeAuthor) =>
  a.handle ? `${a.channel}:${a.handle.replace(/^@/, '').toLowerCase()}` : a.id ? `${a.channel}:id:${a.id}` : null;

/**
 * Toolbar badges (tier, open-ticket count) for the visible posts' authors: collected for a moment and asked for in
 * one 'customers.badge' request; refreshAll() when customers may have changed (link, unlink, forget).
 */
export function createBadgeStore(
  fetchBadges: (authors: BadgeAuthor[]) => Promise<Record<string, CustomerBadge | null>>,
  onError: (err: unknown) => void,
) {
  const known = new Map<string, CustomerBadge | null>();
  const listeners = new Map<string, Set<Listener>>();
  const authors = new Map<string, BadgeAuthor>();
  const batcher = createRequestBatcher<string>({
    windowMs: 16,
    limit: 200,
    send: async (keys) => {
      const badges = await fetchBadges(keys.map((k) => authors.get(k)!));
      for (const key of keys) {
        const badge = badges[key] ?? null;
        known.set(key, badge);
        for (const l of listeners.get(key) ?? []) l(badge);
      }
    },
    onError: (err) => onError(err),
  });
  const ask = (key: string) => batcher.add(key, key);

  return {
    subscribe(author: BadgeAuthor, listener: Listener): () => void {
      const key = badgeKey(author);
      if (!key) return () => {};
      authors.set(key, author);
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      if (known.has(key)) listener(known.get(key)!);
      else ask(key);
      return () => {
        set!.delete(listener);
        if (!set!.size) listeners.delete(key);
      };
    },
    refreshAll() {
      for (const key of listeners.keys()) ask(key);
    },
  };
}
