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

/**
 * The card's frame sizes to the card: the card page measures itself and posts its height (a bare number) to the
 * frame's parent; the content script takes it only from its own frame at the extension's origin, and clamps it.
 * Up to CARD_MAX_HEIGHT (and the viewport less margins) the whole card shows; beyond, the card scrolls inside.
 */
export const CARD_MIN_HEIGHT = 48;
export const CARD_MAX_HEIGHT = 600;
/** Space kept between the frame and the viewport's top and bottom edges. */
export const CARD_VIEWPORT_MARGIN = 16;

/** The frame height for a height the card reported (anything a page could post): clamped, or null to ignore. */
export function cardFrameHeight(reported: unknown, viewportHeight: number): number | null {
  if (typeof reported !== 'number' || !Number.isFinite(reported) || reported <= 0) return null;
  const room = Number.isFinite(viewportHeight) ? viewportHeight - 2 * CARD_VIEWPORT_MARGIN : CARD_MAX_HEIGHT;
  const max = Math.max(CARD_MIN_HEIGHT, Math.min(CARD_MAX_HEIGHT, room));
  return Math.ceil(Math.min(max, Math.max(CARD_MIN_HEIGHT, reported)));
}

/** An amount as the CRM gave it: with its currency (ISO 4217) when known, else a plain number. */
export function formatAmount(value: number, currency?: string | null, locale?: string): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
    } catch {
      // An unknown code: the number, and the code as the CRM gave it.
      return `${value.toLocaleString(locale)} ${currency}`;
    }
  }
  return value.toLocaleString(locale);
}
