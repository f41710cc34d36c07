import { parseCount, type EngagementCounts } from '../../shared/viral';

// X's action bar shows each count twice: as the button's text ("15", "1K", "8.7K"; in German "1,2 Tsd.", in Japanese
// "1.2万" — X shows no number for zero) and in the button's aria-label, exact and with the words of the UI's language
// ("15 Replies. Reply", "15 Antworten. Antworten", "15 件の返信。返信する"). The bar's own label names all counts in one
// sentence ("15 replies, 1003 reposts, 8783 likes, 729 bookmarks, 89562 views" — a zero count left out). Buttons are
// told apart by data-testid, so no word of any language is needed: the label's number when it has exactly one,
// else the text's.

const COUNT = String.raw`(\d[\d,.\u00a0\u202f]*\s*[KMB]?)`;
const GROUP_PART = new RegExp(`${COUNT}\\s+(repl(?:y|ies)|reposts?|likes?|views?)\\b`, 'gi');
const BUTTONS: [keyof EngagementCounts, string][] = [
  ['replies', '[data-testid="reply"]'],
  ['reposts', '[data-testid="retweet"], [data-testid="unretweet"]'],
  ['likes', '[data-testid="like"], [data-testid="unlike"]'],
  ['views', 'a[href$="/analytics"]'],
];
const FIELD: Record<string, keyof EngagementCounts> = { repl: 'replies', repo: 'reposts', like: 'likes', view: 'views' };
/** The span X animates a count in; without it, the button's own text. */
const COUNT_TEXT = '[data-testid="app-text-transition-container"]';
/** Numbers in a label, in any script's digits, with their group separators ("8784", "8.784", "٨٧٨٤"). */
const LABEL_NUMBER = /\p{Nd}+(?:[.,\u00a0\u202f '’٬]\p{Nd}{3})*/gu;

/** The post's own action bar (not a quoted post's, not a nested article's). */
function actionBar(article: Element): Element | null {
  for (const group of article.querySelectorAll('[role="group"]')) if (group.closest('article') === article) return group;
  return null;
}

/** The page's UI language (X sets `<html lang>`), for separators and short forms. */
const uiLang = (el: Element) => el.ownerDocument.documentElement?.getAttribute('lang') || null;

/** One button's count, in any UI language: null when the button shows none. */
export function readButtonCount(button: Element, lang: string | null): number | null {
  const numbers = (button.getAttribute('aria-label') ?? '').match(LABEL_NUMBER) ?? [];
  if (numbers.length === 1) {
    const exact = parseCount(numbers[0], lang);
    if (exact !== null) return exact;
  }
  const shown = (button.querySelector(COUNT_TEXT) ?? button).textContent?.trim() ?? '';
  return shown ? parseCount(shown, lang) : null;
}

/** The public counts of one X post (an article as the adapter finds it); null without an action bar. */
export function readXEngagement(article: Element): EngagementCounts | null {
  const bar = actionBar(article);
  if (!bar) return null;
  const lang = uiLang(article);
  const counts: EngagementCounts = { replies: null, reposts: null, likes: null, views: null, authorFollowers: null };
  for (const m of (bar.getAttribute('aria-label') ?? '').matchAll(GROUP_PART)) {
    const field = FIELD[m[2].slice(0, 4).toLowerCase()];
    if (field) counts[field] = parseCount(m[1]);
  }
  for (const [field, selector] of BUTTONS) {
    if (counts[field] !== null) continue;
    const button = bar.querySelector(selector);
    if (!button) continue;
    // A button without a number shows zero (X hides zero counts); a views link without one shows nothing.
    counts[field] = readButtonCount(button, lang) ?? (field === 'views' ? null : 0);
  }
  return counts;
}

/**
 * The follower count X shows for `handle` on this page, or null: the profile header (on that account's profile page,
 * `href`) and the hover card (in X's #layers, where its popups live) both link the count to …/<handle>/verified_followers
 * (…/followers before 2023) as "<count> Followers" in the UI's language. "Followers you know" (…/followers_you_follow)
 * is not it. Only those two places are searched: a whole-page query per post would cost every toolbar.
 */
export function readXFollowers(doc: Document, handle: string | null, href: string): number | null {
  if (!handle || !/^[A-Za-z0-9_]{1,15}$/.test(handle)) return null;
  const selector = `a[href="/${handle}/verified_followers" i], a[href="/${handle}/followers" i]`;
  const links = [...(doc.getElementById('layers')?.querySelectorAll(selector) ?? [])];
  const profile = /^https?:\/\/[^/]+\/([A-Za-z0-9_]{1,15})(?:\/(?:with_replies|media|highlights|articles)?)?\/?(?:[?#]|$)/.exec(href)?.[1];
  if (profile?.toLowerCase() === handle.toLowerCase()) {
    const header = doc.querySelector(selector); // the header comes before the timeline: found early
    if (header) links.push(header);
  }
  const lang = doc.documentElement?.getAttribute('lang') || null;
  for (const link of links) {
    if (link.closest('article')) continue; // a link in a post's text, not the page's own
    // The count is its own span ("1.2M", "1,2 Mio."); the word next to it is not a count.
    for (const span of link.querySelectorAll('span')) {
      if (span.childElementCount > 0) continue;
      const n = parseCount(span.textContent ?? '', lang);
      if (n !== null) return n;
    }
  }
  return null;
}

/**
 * The public counts of one X post with its author's followers where the page shows them (issue 17); null without an
 * action bar or on unreadable markup. `authorHandle` is the post's author as read with the post (PostInfo). Loaded
 * apart from the content script, on the first reading (entrypoints/engagement-x.ts).
 */
export function readXPostEngagement(article: Element, authorHandle: string | null): EngagementCounts | null {
  try {
    const counts = readXEngagement(article);
    if (counts) {
      const doc = article.ownerDocument;
      counts.authorFollowers = readXFollowers(doc, authorHandle, doc.location?.href ?? '');
    }
    return counts;
  } catch {
    return null;
  }
}
