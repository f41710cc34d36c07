import type { Channel, ItemState } from '../model';

/** One social post or comment Carebar has seen that needs care. A projection of its events. */
export interface ItemRow {
  /** `channel:postId` */
  key: string;
  channel: Channel;
  postId: string;
  kind: 'post' | 'comment';
  permalink: string;
  authorHandle: string | null;
  authorName: string | null;
  authorId: string | null;
  /** Lower-cased `channel:handle` (or `channel:id:<numeric id>`), for "our history with this customer". Since v2. */
  authorKey: string | null;
  /** The first characters of the post text. */
  excerpt: string;
  /** ISO time of the post; when the page did not tell, the first time Carebar saw it (postedAtEstimated = true). */
  postedAt: string;
  postedAtEstimated: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  state: ItemState;
  stateChangedAt: string;
  /** The agent who last changed the state. */
  agent: string | null;
  /** When the item first left new/claimed for a response state. */
  firstResponseAt: string | null;
  inReplyToKey: string | null;
  /** When the breach notification fired (at most one per item). Not indexed: no schema change. */
  breachNotifiedAt?: string | null;
}

/** Append-only audit trail. Shaped to be published as-is to a JetStream subject later (id = message id). */
export interface EventRow {
  /** Globally unique (UUID), so events from several agents can be merged without collision. */
  id: string;
  itemKey: string;
  from: ItemState | null;
  to: ItemState;
  at: string;
  agent: string | null;
  note: string | null;
}

export interface CustomerRow {
  id: string;
  name: string;
  /** `channel:handle` lower-cased, e.g. `x:janedoe`, `facebook:jane.doe`, `email:jane@example.com`. */
  handles: string[];
  tier: string | null;
  lifetimeValue: number | null;
  notes: string | null;
  tags: string[];
  updatedAt: string;
}

export interface SnippetRow {
  id: string;
  packId: string | null;
  title: string;
  body: string;
  channels: string[];
  tags: string[];
  locale: string | null;
  usage: number;
}

export interface PackRow {
  id: string;
  name: string;
  version: string;
  publishedAt: string;
  publisher: string;
  /** The verified pack document as received. */
  document: unknown;
  installedAt: string;
}

export interface SettingRow {
  key: string;
  value: unknown;
}
