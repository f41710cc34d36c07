import type { CustomerRow, ItemRow } from './records';
import type { MatchKind } from './crm/connector';

// What the customer card and the toolbar badges show about a post's author (answers of customers.card / .badge).

/** One earlier interaction with the author, with what became of it. */
export interface HistoryEntry extends ItemRow {
  /** When it was moved to a DM (latest move), if ever. */
  dmAt: string | null;
  /** Seconds from the post to our first response. */
  responseSec: number | null;
}

/** A remote CRM's part of the card: what it said, as of when, and why it may be stale. */
export interface RemoteCardPart {
  connector: string;
  customer: CustomerRow | null;
  /** When this answer was fetched (the cache time when served from the cache). */
  asOf: string | null;
  stale: boolean;
  error: string | null;
  /** Whether the card may write a note to this CRM ('writable'), or why not. Set by the card request. */
  notes?: 'writable' | string;
}

export interface CustomerCard {
  /** The post the card was opened from. */
  item: ItemRow;
  /** The matching local-CRM customer, and how it was matched. */
  customer: CustomerRow | null;
  match: MatchKind | null;
  /** The author's identity key from the post (what link / unlink act on). */
  identityKey: string | null;
  /** Our other interactions with this author (any channel the same author key covers), newest first. */
  history: HistoryEntry[];
  /** Set when a remote connector is configured. */
  remote?: RemoteCardPart;
}

/** What the toolbar may show about a customer in the page: never confidential fields, only tier and open count. */
export interface CustomerBadge {
  tier: string | null;
  open: number;
}
