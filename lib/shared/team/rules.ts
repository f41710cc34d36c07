import type { ItemState } from '../model';
import type { TeamEvent, TeamItem } from './values';

// The team's conflict rules, in one place (docs/team.md explains them for people):
// 1. Claims and item state: the server's revision wins. Every write is a compare-and-set against the revision the
//    writer last saw; a writer that loses re-reads and re-decides (a claim held by someone else stays theirs).
// 2. Events: append-only, merged by id. Two copies of one event (a retry after a timeout) are one event.
// 3. First response: the earliest wins. Whichever agent's change lands last, firstResponseAt never moves later.

/** States in which the customer has had an answer (mirrors lib/shared/state-machine RESPONSE_STATES). */
const RESPONSE: ReadonlySet<ItemState> = new Set(['replied', 'dm', 'escalated', 'ignored', 'closed']);
/** Leaving the item for good: the holder lets go. dm / escalated keep the holder (still working on it). */
const LETS_GO: ReadonlySet<ItemState> = new Set(['replied', 'ignored', 'closed', 'new']);

export type TeamChange = { kind: 'claim' } | { kind: 'release' } | { kind: 'takeover' } | { kind: 'state'; to: ItemState; at: string };

export interface Actor {
  user: string;
  name: string;
}

/** Earliest of two ISO times (null = unknown). */
export function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/** The value after `change` by `actor`, applied on top of the server's current value (null: no key yet). */
export function applyChange(
  current: TeamItem | null,
  change: TeamChange,
  actor: Actor,
  op: string,
  now: string,
  facts: { postedAt?: string | null } = {},
): TeamItem {
  const base: TeamItem = current ?? {
    v: 1,
    state: 'new',
    holder: null,
    holderName: null,
    claimedAt: null,
    firstResponseAt: null,
    updatedAt: now,
    updatedBy: actor.user,
    op,
  };
  const next: TeamItem = { ...base, updatedAt: now, updatedBy: actor.user, op, postedAt: base.postedAt ?? facts.postedAt ?? null };
  switch (change.kind) {
    case 'claim':
    case 'takeover':
      next.holder = actor.user;
      next.holderName = actor.name;
      next.claimedAt = now;
      if (next.state === 'new' || RESPONSE.has(next.state)) next.state = 'claimed';
      break;
    case 'release':
      next.holder = null;
      next.holderName = null;
      next.claimedAt = null;
      if (next.state === 'claimed') next.state = 'new';
      break;
    case 'state':
      next.state = change.to;
      if (RESPONSE.has(change.to)) {
        next.firstResponseAt = earliest(base.firstResponseAt, change.at);
        next.firstResponder =
          next.firstResponseAt === base.firstResponseAt && base.firstResponseAt ? (base.firstResponder ?? null) : actor.user;
      }
      if (LETS_GO.has(change.to)) {
        next.holder = null;
        next.holderName = null;
        next.claimedAt = null;
      } else if (change.to === 'claimed') {
        next.holder = actor.user;
        next.holderName = actor.name;
        next.claimedAt = now;
      }
      break;
  }
  return next;
}

export type ClaimStanding = 'free' | 'mine' | 'held' | 'stale';

/**
 * Who may take an item: free (no holder), mine, held by someone present, or stale (the holder has shown no presence
 * for the team's stale time). `lastSeen` is when this client last saw the holder's presence (or null: never since it
 * joined, `joinedAt`).
 */
export function claimStanding(
  item: TeamItem | null,
  user: string,
  now: number,
  staleAfterMs: number,
  lastSeen: number | null,
  joinedAt: number,
): ClaimStanding {
  if (!item || !item.holder) return 'free';
  if (item.holder === user) return 'mine';
  const since = Math.max(lastSeen ?? joinedAt, item.claimedAt ? Date.parse(item.claimedAt) : 0);
  return now - since >= staleAfterMs ? 'stale' : 'held';
}

/** Events merged by id, ordered by server sequence (then time): rule 2. */
export function mergeEvents<E extends Pick<TeamEvent, 'id' | 'at'> & { seq?: number }>(a: readonly E[], b: readonly E[]): E[] {
  const byId = new Map<string, E>();
  for (const e of [...a, ...b]) {
    const had = byId.get(e.id);
    // The copy the server numbered (and the lower number, if both were) is the one kept.
    if (!had || (e.seq !== undefined && (had.seq === undefined || e.seq < had.seq))) byId.set(e.id, e);
  }
  return [...byId.values()].sort((x, y) => (x.seq ?? Infinity) - (y.seq ?? Infinity) || Date.parse(x.at) - Date.parse(y.at));
}
