// X URLs: which hosts are X, what a status link points to, profile and DM links, and which forms of a brand account
// the setup accepts. Shared by the adapter (lib/content/sites/x.ts) and the background (permalink checks, DM plans,
// brand accounts).

export const X_HOSTS = /^(?:(?:www|mobile|pro)\.)?(?:x|twitter)\.com$/i;
export const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
/** /<handle>/status/<id>[/anything] or /i/web/status/<id>. */
export const X_STATUS_PATH = /^\/(?:i\/web|([A-Za-z0-9_]{1,15}))\/status(?:es)?\/(\d{1,20})(\/.*)?$/;
/** Suffixes of a status link that still point at the post itself (not its analytics, quotes, likes…). */
export const X_SAME_POST_SUFFIX = /^(?:\/?|\/history|\/(?:photo|video)\/\d+)$/;
/** An item permalink Carebar stores and opens: https on one of X's own hosts. */
export const X_PERMALINK = /^https:\/\/(x|twitter|mobile\.x|mobile\.twitter)\.com\//;

/** First path segments that are X pages, not profiles. */
export const X_RESERVED = new Set([
  'home',
  'explore',
  'notifications',
  'messages',
  'search',
  'i',
  'settings',
  'compose',
  'login',
  'logout',
  'signup',
  'tos',
  'privacy',
  'jobs',
  'hashtag',
  'lists',
  'communities',
  'bookmarks',
  'premium',
  'verified-choose',
  'intent',
  'share',
  'account',
  'following',
  'topics',
]);

/** A root-relative path of letters, digits, "_" and single slashes, then the query or fragment if any. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_]+)+\/?(?:[?#]|$)/;

/** A status link → its author handle (null for /i/web/status), post id and what follows the id. */
export function parseStatusHref(href: string | null, base = 'https://x.com'): { handle: string | null; id: string; suffix: string } | null {
  if (!href) return null;
  let path: string;
  if (base === 'https://x.com' && PLAIN_PATH.test(href)) {
    // X's own links ("/handle/status/1", "?…" after it) are root-relative plain paths: nothing for URL to resolve or
    // encode, and a page shows dozens per post (#13: the URL parser was a tenth of the toolbars' reading time).
    path = href.replace(/[?#].*$/s, '');
  } else {
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      return null;
    }
    if (!X_HOSTS.test(url.hostname)) return null;
    path = url.pathname;
  }
  const m = X_STATUS_PATH.exec(path);
  if (!m) return null;
  return { handle: m[1] ?? null, id: m[2], suffix: m[3] ?? '' };
}

/** The canonical permalink of a post. */
export const xPermalink = (handle: string | null, id: string) => `https://x.com/${handle ?? 'i/web'}/status/${id}`;

/** A profile page (its Message button opens a DM when the numeric id is unknown). */
export const xProfileUrl = (handle: string) => `https://x.com/${encodeURIComponent(handle)}`;

/** A new DM to a numeric account id with the text filled in. */
export const xDmComposeUrl = (recipientId: string, text: string) =>
  `https://x.com/messages/compose?${new URLSearchParams({ recipient_id: recipientId, text })}`;

/**
 * A brand account as the setup accepts it: a handle ("AcmeSupport", "@AcmeSupport") or a profile URL
 * (https://x.com/AcmeSupport, twitter.com/AcmeSupport). Returns the handle, case kept; null for anything else.
 */
export function xBrandAccount(input: string): string | null {
  const s = input.trim().replace(/^@/, '');
  if (X_HANDLE.test(s)) return X_RESERVED.has(s.toLowerCase()) ? null : s;
  const href = /^https?:\/\//i.test(s) ? s : /^(?:[a-z]+\.)?(?:x|twitter)\.com\//i.test(s) ? `https://${s}` : null;
  if (!href) return null;
  try {
    const url = new URL(href);
    if (!X_HOSTS.test(url.hostname)) return null;
    const segs = url.pathname.split('/').filter(Boolean);
    return segs.length === 1 && X_HANDLE.test(segs[0]) && !X_RESERVED.has(segs[0].toLowerCase()) ? segs[0] : null;
  } catch {
    return null;
  }
}
