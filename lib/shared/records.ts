import type { Channel, ItemState } from './model';

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
  /** Viral risk (issue 17): watch | rising while the post's engagement grows fast, and why. Not indexed. */
  viral?: 'watch' | 'rising';
  viralReason?: string;
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
  /**
   * This item's local sequence number (1, 2, 3… in the order the changes were made here): what "latest" means for
   * undo, whatever the clocks say. Team mode orders events across agents by the server's revision; a local sequence
   * never crosses browsers.
   */
  seq?: number;
}

export interface CustomerRow {
  id: string;
  name: string;
  /** `channel:handle` lower-cased, e.g. `x:janedoe`, `facebook:jane.doe`, `email:jane@example.com`. */
  handles: string[];
  tier: string | null;
  lifetimeValue: number | null;
  /** The currency of the CRM's amounts (ISO 4217, e.g. EUR); absent: amounts show as plain numbers. */
  currency?: string | null;
  notes: string | null;
  tags: string[];
  updatedAt: string;
  /** Open and recent orders / tickets as the CRM reports them (not indexed: no schema change). */
  orders?: CrmRecordRef[];
  tickets?: CrmRecordRef[];
  /** Last contact the CRM knows of (ISO). */
  lastContactAt?: string | null;
  /** Identities an agent linked by hand (also present in `handles`), and ones unlinked by hand: never re-suggested. */
  linkedByHand?: string[];
  unlinked?: string[];
  /** Where the row came from: 'demo', 'import', 'manual'. */
  source?: string;
}

/**
 * Up to 100 local-CRM customers in one IndexedDB record (see lib/background/crm/customer-store.ts): `ids`, `handles` and
 * `names` are derived from `customers` and indexed (multi-entry) so a customer is found by id, identity or name.
 */
export interface CustomerBlockRow {
  id: string;
  customers: CustomerRow[];
  ids: string[];
  handles: string[];
  names: string[];
}

/** An order or ticket shown on the card: id, status and, when known, a link into the CRM. */
export interface CrmRecordRef {
  id: string;
  status: string;
  title?: string;
  url?: string;
}

/** A remote CRM's answer for one identity, kept with its fetch time (TTL, stale-while-revalidate, "as of"). Since v3. */
export interface CrmCacheRow {
  /** `<connector id>|<identity key>` */
  key: string;
  connectorId: string;
  identityKey: string;
  /** The mapped customer, or null when the CRM had no one. */
  customer: CustomerRow | null;
  fetchedAt: string;
  /** The last refresh failed: shown with the cached answer until a refresh succeeds. */
  lastError?: string | null;
}

/** A connector secret (API token): readable only by the background; no request returns it. Since v3. */
export interface SecretRow {
  key: string;
  value: string;
  updatedAt: string;
  /** Where the secret may be sent (a token entered for the CRM connector an organisation's policy sets). */
  address?: string;
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
  /** The version it replaced (a verified document), for one-click rollback (not indexed: no schema change). */
  previous?: unknown;
  /** Set by a rollback: that version is not re-applied by a refresh; a newer one is. */
  rolledBackFrom?: string | null;
  /** From the document, so listing and searching never read the (large) documents. */
  snippetCount?: number;
  replacesStarter?: boolean;
  expiresAt?: string | null;
  /** The key id of the signature it was verified with: the pack is approved only while that key is trusted. */
  signedBy?: string | null;
}

export interface SettingRow {
  key: string;
  value: unknown;
}
