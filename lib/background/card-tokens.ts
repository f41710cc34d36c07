import type { CarebarDB } from './db/schema';

// The customer card is framed into X and Facebook pages, so any page on those sites could frame it too (and lay it
// transparently over a decoy). A card acts only with a token the background gave the toolbar that opened it: one
// per opening, bound to that tab and that item, passed to the frame by postMessage (never in its URL), checked on
// every customers.* request from a framed card. Kept in the secrets table: no request ever returns it, and it
// survives the service worker being stopped while the card is open.

const PREFIX = 'card-token:';
/** A card left open all shift keeps working; an old token is worth nothing after this. */
export const CARD_TOKEN_TTL_MS = 12 * 3_600_000;
const MAX_TOKENS = 200;

export interface CardGrant {
  tabId: number;
  key: string;
  issuedAt: number;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A new token for the card of `key` in tab `tabId`. Expired tokens (and the oldest beyond MAX_TOKENS) are dropped. */
export async function issueCardToken(db: CarebarDB, tabId: number, key: string, now = Date.now()): Promise<string> {
  const token = randomToken();
  const grant: CardGrant = { tabId, key, issuedAt: now };
  await db.transaction('rw', db.secrets, async () => {
    const rows = await db.secrets.where('key').startsWith(PREFIX).toArray();
    const stale = rows
      .map((r) => ({ key: r.key, issuedAt: (JSON.parse(r.value) as CardGrant).issuedAt }))
      .sort((a, b) => b.issuedAt - a.issuedAt)
      .filter((r, i) => i >= MAX_TOKENS - 1 || now - r.issuedAt > CARD_TOKEN_TTL_MS)
      .map((r) => r.key);
    if (stale.length) await db.secrets.bulkDelete(stale);
    await db.secrets.put({ key: PREFIX + token, value: JSON.stringify(grant), updatedAt: new Date(now).toISOString() });
  });
  return token;
}

/** The grant of a token presented by a card in tab `tabId`, or null (unknown, expired, or another tab's). */
export async function cardGrant(db: CarebarDB, token: unknown, tabId: number | undefined, now = Date.now()): Promise<CardGrant | null> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token) || tabId === undefined) return null;
  const row = await db.secrets.get(PREFIX + token);
  if (!row) return null;
  const grant = JSON.parse(row.value) as CardGrant;
  if (grant.tabId !== tabId || now - grant.issuedAt > CARD_TOKEN_TTL_MS) return null;
  return grant;
}
