// The Facebook site adapter. All knowledge of www.facebook.com's DOM lives in this file.
//
// What Facebook's web app (Comet) gives us, as of 2025:
// - posts and comments are `div[role="article"]`; comments carry aria-label "Comment by NAME 3 hours ago", replies
//   "Reply by NAME to OTHER's comment …" (localized, so we never rely on those words for ids);
// - class names are atomic and obfuscated (x1n2onr6 …) and change with every deploy: we use none of them;
// - ids come from permalinks: the post's timestamp link (/<page>/posts/<pfbid…>, /groups/<g>/posts/<n>,
//   /permalink.php?story_fbid=…&id=…) and the comment's timestamp link, which is the post permalink plus
//   ?comment_id=<n> (&reply_comment_id=<n> for replies), plus tracking params (__cft__[0], __tn__);
// - there is no <time> element: the timestamp link shows "3h", "2d", "Yesterday at 10:02 AM", "March 3 at 4:15 PM";
//   the exact time only appears in a hover tooltip (role="tooltip", referenced by aria-describedby);
// - text bodies are `div[dir="auto"][style="text-align: start;"]`; emoji are <img alt="😀">;
// - the comment composer is a Lexical editor: div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]
//   with aria-label "Write a comment…" or, when acting as a Page, "Comment as <Page>"; replies "Reply as <Page>" /
//   "Write a reply…"; Enter submits, and newer layouts also show a "Comment" submit button.
import { itemKey, type PostInfo } from '../../shared/model';
import type { FacebookPageKind, SignedInAccount, SiteAdapter, ToolbarAnchor } from '../../shared/sites/types';

// ---- selectors ------------------------------------------------------------------------------------------------

const ARTICLE = 'div[role="article"]';
const LINK = 'a[href]';
/** The post body of feed and permalink stories. */
const POST_MESSAGE = '[data-ad-comet-preview="message"], [data-ad-preview="message"]';
/** The post header's author name (newer markup marks it; older has h2/h3/h4 > … > a). */
const POST_AUTHOR_LINKS = '[data-ad-rendering-role="profile_name"] a[href], h2 a[href], h3 a[href], h4 a[href], strong a[href], a[href] strong';
/** Text blocks of comments (and of posts, when the message marker is missing). */
const TEXT_BLOCK = 'div[dir="auto"][style*="text-align"]';
/** Any Lexical editor root on the page. */
const LEXICAL_TEXTBOX = 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]';
const SUBMIT_BUTTONS = '[role="button"][aria-label="Comment"], [role="button"][aria-label="Post"], [role="button"][aria-label="Reply"], button[type="submit"]';
const ACCOUNT_BUTTON = '[aria-label="Your profile"], [aria-label="Account"], [aria-label="Account controls and settings"]';
const FEED = '[role="feed"]';
const TOOLTIP = '[role="tooltip"]';

/** Labels of the post/comment composers, in the locales we know. */
const COMMENT_COMPOSER_LABEL = /^(write a comment|comment as |write a public comment|add a comment)/i;
const REPLY_COMPOSER_LABEL = /^(write a reply|reply as |reply to )/i;
const ACTING_AS_LABEL = /^(?:comment|reply|answer|post|write a comment|write a reply) as (.+?)[.…]*$/i;
const SPONSORED = /^(sponsored|paid partnership)$/i;

const HOSTS = new Set(['www.facebook.com', 'facebook.com', 'web.facebook.com', 'm.facebook.com']);
const ORIGIN = 'https://www.facebook.com';

/** First path segments that are Facebook features, not a Page's or person's vanity name. */
const RESERVED = new Set(
  [
    'groups', 'profile.php', 'permalink.php', 'story.php', 'photo.php', 'photo', 'photos', 'watch', 'events', 'pages',
    'hashtag', 'people', 'stories', 'reel', 'reels', 'marketplace', 'gaming', 'home.php', 'notifications', 'messages',
    'friends', 'bookmarks', 'saved', 'search', 'settings', 'help', 'login', 'login.php', 'ads', 'business', 'privacy',
    'policies', 'legal', 'sharer', 'sharer.php', 'share', 'l.php', 'video.php', 'videos', 'live', 'memories', 'fundraisers',
    'latest', 'feeds', 'me', 'plugins', 'dialog', 'media', 'ufi', 'composer', 'comment', 'checkpoint',
  ].map((s) => s.toLowerCase()),
);

// ---- clock (injectable for tests) ---------------------------------------------------------------------------

let now: () => number = () => Date.now();
/** Set the reference clock relative times are read against (tests). Pass null to restore Date.now. */
export function setFacebookClock(clock: (() => number) | null): void {
  now = clock ?? (() => Date.now());
}

// ---- URLs -----------------------------------------------------------------------------------------------------

function parseUrl(href: string | null | undefined, base = ORIGIN): URL | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    if (!/^https?:$/.test(url.protocol)) return null;
    const host = url.hostname.toLowerCase();
    if (!HOSTS.has(host) && host !== 'facebook.com') return null;
    return url;
  } catch {
    return null;
  }
}

const NUMERIC = /^\d{1,25}$/;
const POST_ID = /^(?:pfbid[0-9A-Za-z]{10,120}|\d{1,25})$/;

/** The post a permalink points to: path/query → id and a canonical permalink without tracking. */
export interface FacebookPermalink {
  postId: string;
  commentId: string | null;
  replyCommentId: string | null;
  /** Canonical post permalink (no comment params, no tracking). */
  postUrl: string;
}

/** Parse a Facebook post or comment permalink. Null for anything else (profiles, photos, hashtags, outside links). */
export function parseFacebookPermalink(href: string | null | undefined, base?: string): FacebookPermalink | null {
  const url = parseUrl(href, base);
  if (!url) return null;
  const segs = url.pathname.split('/').filter(Boolean);
  const q = url.searchParams;
  let postId: string | null = null;
  let postUrl = '';
  const first = (segs[0] ?? '').toLowerCase();
  if ((first === 'permalink.php' || first === 'story.php') && segs.length === 1) {
    const story = q.get('story_fbid');
    const owner = q.get('id');
    if (story && POST_ID.test(story)) {
      postId = story;
      postUrl = `${ORIGIN}/${first}?story_fbid=${story}${owner && NUMERIC.test(owner) ? `&id=${owner}` : ''}`;
    }
  } else if (first === 'groups' && segs.length >= 4 && (segs[2] === 'posts' || segs[2] === 'permalink')) {
    if (POST_ID.test(segs[3]) && /^[\w.-]+$/.test(segs[1])) {
      postId = segs[3];
      postUrl = `${ORIGIN}/groups/${segs[1]}/${segs[2]}/${segs[3]}/`;
    }
  } else if (segs.length >= 3 && segs[1] === 'posts' && !RESERVED.has(first)) {
    if (POST_ID.test(segs[2]) && /^[\w.-]+$/.test(segs[0])) {
      postId = segs[2];
      postUrl = `${ORIGIN}/${segs[0]}/posts/${segs[2]}`;
    }
  }
  if (!postId) return null;
  const commentId = q.get('comment_id');
  const replyId = q.get('reply_comment_id');
  return {
    postId,
    commentId: commentId && NUMERIC.test(commentId) ? commentId : null,
    replyCommentId: replyId && NUMERIC.test(replyId) ? replyId : null,
    postUrl,
  };
}

/** The person or Page a profile link points to. Null for links that are not profiles. */
export function parseFacebookProfile(href: string | null | undefined): { handle: string | null; id: string | null } | null {
  const url = parseUrl(href);
  if (!url) return null;
  const segs = url.pathname.split('/').filter(Boolean);
  const first = (segs[0] ?? '').toLowerCase();
  if (first === 'profile.php' && segs.length === 1) {
    const id = url.searchParams.get('id');
    return id && NUMERIC.test(id) ? { handle: null, id } : null;
  }
  if (first === 'groups' && segs[2] === 'user' && segs[3] && NUMERIC.test(segs[3])) return { handle: null, id: segs[3] };
  if (first === 'people' && segs.length >= 3 && NUMERIC.test(segs[2])) return { handle: null, id: segs[2] };
  if (segs.length === 1 && !RESERVED.has(first) && /^[A-Za-z0-9.]{2,80}$/.test(segs[0]) && !segs[0].endsWith('.php')) {
    return NUMERIC.test(segs[0]) ? { handle: null, id: segs[0] } : { handle: segs[0], id: null };
  }
  return null;
}

// ---- text -----------------------------------------------------------------------------------------------------

/** Visible text of an element, emoji images restored from alt, buttons ("See more", "Like") and hidden parts skipped. */
function readText(el: Element): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    const tag = e.tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') return;
    if (tag === 'IMG') {
      out += e.getAttribute('alt') ?? '';
      return;
    }
    if (tag === 'BR') {
      out += '\n';
      return;
    }
    if (e.getAttribute('role') === 'button' || e.getAttribute('aria-hidden') === 'true' || e.hasAttribute('hidden')) return;
    for (const child of Array.from(e.childNodes)) walk(child);
  };
  walk(el);
  return out;
}

const clean = (s: string) =>
  s
    .replace(/[\u00a0\t ]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

// ---- scoping --------------------------------------------------------------------------------------------------

/** Elements under el that belong to el itself, not to a nested article (a comment inside a post). */
function own(el: Element, selector: string): Element[] {
  const out: Element[] = [];
  for (const found of Array.from(el.querySelectorAll(selector))) {
    if (found.closest(ARTICLE) === el) out.push(found);
  }
  return out;
}

/** The permalink links of an article (own ones only), parsed. */
function ownPermalinks(el: Element): { link: Element; p: FacebookPermalink }[] {
  const out: { link: Element; p: FacebookPermalink }[] = [];
  for (const link of own(el, LINK)) {
    const p = parseFacebookPermalink(link.getAttribute('href'));
    if (p) out.push({ link, p });
  }
  return out;
}

function isSponsored(el: Element): boolean {
  const doc = el.ownerDocument;
  for (const a of own(el, 'a[aria-label], span[aria-label], [aria-labelledby]')) {
    const label = a.getAttribute('aria-label');
    if (label && SPONSORED.test(label.trim())) return true;
    const by = a.getAttribute('aria-labelledby');
    if (by) {
      for (const id of by.split(/\s+/)) {
        const target = id ? doc.getElementById(id) : null;
        if (target && target !== el && SPONSORED.test((target.textContent ?? '').trim())) return true;
      }
    }
  }
  for (const a of own(el, 'a[href]')) {
    const t = (a.textContent ?? '').trim();
    if (SPONSORED.test(t) || /\/ads\/about\b/.test(a.getAttribute('href') ?? '')) return true;
  }
  return false;
}

interface Identity {
  kind: 'post' | 'comment';
  postId: string;
  commentId: string | null;
  replyCommentId: string | null;
  postUrl: string;
  /** The link that carries the id and the displayed time. */
  timeLink: Element | null;
}

/** A post's id, or a comment's (`<post>_<comment>`, as Facebook's Graph API spells it). */
const postIdOf = (id: Identity) => (id.kind === 'post' ? id.postId : `${id.postId}_${id.replyCommentId ?? id.commentId}`);

function identify(el: Element, href: string): Identity | null {
  const links = ownPermalinks(el);
  // A comment: its timestamp link is the post permalink plus comment_id.
  const commentLink = links.find((l) => l.p.commentId);
  if (commentLink) {
    const { p, link } = commentLink;
    return { kind: 'comment', postId: p.postId, commentId: p.commentId, replyCommentId: p.replyCommentId, postUrl: p.postUrl, timeLink: link };
  }
  if (isCommentLabel(el)) return null; // a comment still being posted, or one whose link we cannot read
  // A post: its timestamp link is the post permalink. Prefer a link that is not the author's or a mention.
  const postLinks = links.filter((l) => !l.p.commentId);
  const postLink = postLinks.find((l) => isShortTimeText(readText(l.link))) ?? postLinks[0];
  if (postLink) {
    return { kind: 'post', postId: postLink.p.postId, commentId: null, replyCommentId: null, postUrl: postLink.p.postUrl, timeLink: postLink.link };
  }
  // On a permalink page the main story may not link to itself: the location tells its id.
  const here = parseFacebookPermalink(href);
  if (here && !here.commentId && !el.parentElement?.closest(ARTICLE) && isMainStory(el)) {
    return { kind: 'post', postId: here.postId, commentId: null, replyCommentId: null, postUrl: here.postUrl, timeLink: null };
  }
  return null;
}

function isCommentLabel(el: Element): boolean {
  const label = el.getAttribute('aria-label') ?? '';
  return /^(comment|reply) by /i.test(label);
}

/** The first top-level article inside role=main or a dialog: the story a permalink page shows. */
function isMainStory(el: Element): boolean {
  const container = el.closest('[role="main"], [role="dialog"]');
  if (!container) return false;
  const first = Array.from(container.querySelectorAll(ARTICLE)).find((a) => !a.parentElement?.closest(ARTICLE));
  return first === el;
}

// ---- time -----------------------------------------------------------------------------------------------------

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};
const UNIT_WORDS: [RegExp, string][] = [
  [/^(s|sec|secs|second|seconds)$/, 's'],
  [/^(m|min|mins|minute|minutes)$/, 'm'],
  [/^(h|hr|hrs|hour|hours)$/, 'h'],
  [/^(d|day|days)$/, 'd'],
  [/^(w|wk|wks|week|weeks)$/, 'w'],
  [/^(y|yr|yrs|year|years)$/, 'y'],
];

function isShortTimeText(text: string): boolean {
  return parseFacebookTime(text, Date.now()) !== null;
}

function monthIndex(word: string): number {
  const w = word.toLowerCase();
  if (w.length < 3) return -1;
  return MONTHS.findIndex((m) => m.startsWith(w));
}

/** "4:15 PM", "16:15", "10:02" → [hours, minutes] or null. */
function parseClock(text: string | undefined): [number, number] | null {
  if (!text) return [0, 0];
  const m = /^(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?$/i.exec(text.trim());
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const ampm = m[3]?.toLowerCase().replace(/\./g, '');
  if (min > 59 || h > 23 || (ampm && (h < 1 || h > 12))) return null;
  if (ampm === 'pm' && h !== 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return [h, min];
}

/**
 * Parse the time text Facebook shows, relative to `nowMs`, in the browser's local time zone. Handles "Just now",
 * "5m", "3h", "2d", "1w", "1y", "3 hrs", "2 days ago", "Yesterday at 10:02 AM", "Today at 9:00", "March 3 at 4:15 PM",
 * "Mar 3", "March 3, 2024", "Tuesday, March 3, 2026 at 4:15 PM" (the tooltip), "3 March 2026 at 16:15". Null otherwise.
 */
export function parseFacebookTime(text: string, nowMs: number): Date | null {
  const t = text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!t || t.length > 80) return null;
  if (/^(just now|now)$/i.test(t)) return new Date(nowMs);
  const rel = /^(\d{1,4}) ?([a-z]+)(?: ago)?$/i.exec(t);
  if (rel) {
    const unit = UNIT_WORDS.find(([re]) => re.test(rel[2].toLowerCase()))?.[1];
    if (!unit) return null;
    return new Date(nowMs - Number(rel[1]) * UNIT_MS[unit]);
  }
  const relDay = /^(yesterday|today)(?: at (.+))?$/i.exec(t);
  if (relDay) {
    const clock = parseClock(relDay[2]);
    if (!clock) return null;
    const d = new Date(nowMs);
    if (relDay[1].toLowerCase() === 'yesterday') d.setDate(d.getDate() - 1);
    d.setHours(clock[0], clock[1], 0, 0);
    return d;
  }
  // Absolute dates, optionally with weekday, year and "at <time>".
  const body = t.replace(/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i, '');
  const [datePart, timePart] = body.split(/ at |, (?=\d{1,2}:\d{2})/i);
  let month = -1;
  let day = NaN;
  let year: number | null = null;
  let m = /^([a-z]+)\.? (\d{1,2})(?:,? (\d{4}))?$/i.exec(datePart.trim());
  if (m) {
    month = monthIndex(m[1]);
    day = Number(m[2]);
    year = m[3] ? Number(m[3]) : null;
  } else if ((m = /^(\d{1,2}) ([a-z]+)\.?(?: (\d{4}))?$/i.exec(datePart.trim()))) {
    month = monthIndex(m[2]);
    day = Number(m[1]);
    year = m[3] ? Number(m[3]) : null;
  }
  if (month < 0 || !(day >= 1 && day <= 31)) return null;
  const clock = parseClock(timePart);
  if (!clock) return null;
  const ref = new Date(nowMs);
  const d = new Date(year ?? ref.getFullYear(), month, day, clock[0], clock[1], 0, 0);
  if (d.getMonth() !== month) return null; // e.g. February 31
  // Without a year Facebook means the most recent such date.
  if (year === null && d.getTime() > nowMs + 86_400_000) d.setFullYear(d.getFullYear() - 1);
  return d;
}

function readPostedAt(timeLink: Element | null): { postedAt: string | null; source: PostInfo['postedAtSource'] } {
  if (!timeLink) return { postedAt: null, source: 'unknown' };
  const doc = timeLink.ownerDocument;
  const reference = now();
  // The exact time, when the hover tooltip (or an aria-label) is present.
  const candidates: string[] = [];
  for (const holder of [timeLink, ...Array.from(timeLink.querySelectorAll('[aria-describedby]'))]) {
    for (const id of (holder.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
      const tip = id ? doc.getElementById(id) : null;
      if (tip && (tip.matches(TOOLTIP) || tip.querySelector(TOOLTIP))) candidates.push(tip.textContent ?? '');
    }
  }
  const label = timeLink.getAttribute('aria-label');
  if (label) candidates.push(label);
  candidates.push(readText(timeLink));
  for (const c of candidates) {
    const d = parseFacebookTime(c, reference);
    if (d && !Number.isNaN(d.getTime())) return { postedAt: d.toISOString(), source: 'parsed-text' };
  }
  return { postedAt: null, source: 'unknown' };
}

// ---- author and text -----------------------------------------------------------------------------------------

function readAuthor(el: Element, id: Identity): { name: string | null; handle: string | null; authorId: string | null } {
  const link = authorLink(el, id);
  if (!link) return { name: null, handle: null, authorId: null };
  const profile = parseFacebookProfile(link.getAttribute('href'));
  const name = clean(readText(link)) || null;
  return { name, handle: profile?.handle ?? null, authorId: profile?.id ?? null };
}

/** The link naming the author of a post or comment. */
function authorLink(el: Element, id: Identity): Element | undefined {
  let link: Element | undefined;
  if (id.kind === 'post') {
    link = own(el, POST_AUTHOR_LINKS).map((e) => (e.tagName === 'A' ? e : e.closest('a[href]')!)).find((a) => a && parseFacebookProfile(a.getAttribute('href')) && readText(a).trim());
  }
  if (!link) {
    // Comments (and posts without a marked header): the first profile link with a visible name that is not in the body.
    link = own(el, 'a[href]').find(
      (a) =>
        a !== id.timeLink &&
        !a.closest(TEXT_BLOCK) &&
        !a.closest(POST_MESSAGE) &&
        parseFacebookProfile(a.getAttribute('href')) !== null &&
        readText(a).trim() !== '',
    );
  }
  return link;
}

function topmost(elements: Element[]): Element[] {
  return elements.filter((e) => !elements.some((other) => other !== e && other.contains(e)));
}

function readBody(el: Element, kind: 'post' | 'comment'): string {
  let blocks: Element[] = kind === 'post' ? topmost(own(el, POST_MESSAGE)) : [];
  if (blocks.length === 0) blocks = topmost(own(el, TEXT_BLOCK));
  // A message of several paragraphs is several text blocks: one line break between them.
  const paragraphs = blocks.flatMap((b) => {
    const inner = topmost(Array.from(b.querySelectorAll(TEXT_BLOCK)));
    return inner.length > 1 ? inner : [b];
  });
  return clean(paragraphs.map((b) => clean(readText(b))).filter(Boolean).join('\n'));
}

// ---- composer -------------------------------------------------------------------------------------------------

function composerLabel(box: Element): string {
  return (box.getAttribute('aria-label') ?? box.getAttribute('aria-placeholder') ?? '').trim();
}

function isVisible(el: Element): boolean {
  if (el.closest('[hidden], [aria-hidden="true"]')) return false;
  const style = (el as HTMLElement).style;
  if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  return true;
}

/** The container of one top-level comment and its replies: the largest ancestor holding no other top-level comment. */
function threadContainer(comment: Element, stop: Element | null): Element {
  let container: Element = comment;
  for (let p = comment.parentElement; p && p !== stop; p = p.parentElement) {
    const others = Array.from(p.querySelectorAll(ARTICLE)).filter((a) => a !== comment && !a.contains(comment) && isTopLevelComment(a));
    if (others.length > 0) break;
    container = p;
  }
  return container;
}

function isTopLevelComment(a: Element): boolean {
  const link = ownPermalinks(a).find((l) => l.p.commentId);
  return !!link && !link.p.replyCommentId;
}

/** The top-level comment element a reply answers, found by its comment_id. */
function parentComment(reply: Element, commentId: string, scope: ParentNode): Element | null {
  for (const a of Array.from(scope.querySelectorAll(ARTICLE))) {
    if (a === reply) continue;
    const link = ownPermalinks(a).find((l) => l.p.commentId === commentId && !l.p.replyCommentId);
    if (link) return a;
  }
  return null;
}

/** The story article a comment belongs to (nearest post ancestor), or null when comments sit outside it. */
function storyOf(el: Element): Element | null {
  for (let a = el.parentElement?.closest(ARTICLE) ?? null; a; a = a.parentElement?.closest(ARTICLE) ?? null) {
    if (!ownPermalinks(a).some((l) => l.p.commentId)) return a;
  }
  return null;
}

/** Walk up from el and return the first composer matching `accept`, never leaving el's feed unit. */
function nearestComposer(el: Element, accept: (box: HTMLElement) => boolean): HTMLElement | null {
  for (let p: Element | null = el; p; p = p.parentElement) {
    const found = Array.from(p.querySelectorAll<HTMLElement>(LEXICAL_TEXTBOX)).find((b) => accept(b) && isVisible(b));
    if (found) return found;
    if (p.parentElement?.matches(FEED)) return null; // a feed unit: the next posts' composers are not ours
  }
  return null;
}

/**
 * Whom a post or comment addresses: people it mentions (profile links in its body) and, for a comment, the author of
 * the post it is under and of the comment it replies to.
 */
function readAddressees(el: Element, id: Identity, href: string): string[] {
  const names = new Set<string>();
  const add = (...values: (string | null)[]) => values.forEach((v) => v && names.add(v));
  for (const a of own(el, 'a[href]')) {
    if (!a.closest(TEXT_BLOCK) && !a.closest(POST_MESSAGE)) continue;
    const profile = parseFacebookProfile(a.getAttribute('href'));
    if (profile) add(clean(readText(a)) || null, profile.handle, profile.id);
  }
  if (id.kind === 'comment') {
    const doc = el.ownerDocument;
    for (const other of Array.from(doc.querySelectorAll(ARTICLE))) {
      if (other === el) continue;
      const o = identify(other, href);
      if (!o || o.postId !== id.postId) continue;
      const isStory = o.kind === 'post';
      const isParent = !!id.replyCommentId && o.kind === 'comment' && o.commentId === id.commentId && !o.replyCommentId;
      if (!isStory && !isParent) continue;
      const author = readAuthor(other, o);
      add(author.name, author.handle, author.authorId);
    }
  }
  return [...names];
}

// ---- the adapter ----------------------------------------------------------------------------------------------

function safe<T>(fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export const facebookAdapter: SiteAdapter = {
  channel: 'facebook',
  submitsOnEnter: true,

  matchesHost(hostname) {
    return HOSTS.has(hostname.toLowerCase());
  },

  findPosts(root) {
    return safe([], () => {
      const href = (root as Node).ownerDocument?.location?.href ?? (root as Document).location?.href ?? '';
      return Array.from(root.querySelectorAll(ARTICLE)).filter((el) => !isSponsored(el) && identify(el, href) !== null);
    });
  },

  postFor(node) {
    return safe(null, () => {
      const start = node.nodeType === 1 ? (node as Element) : node.parentElement;
      const article = start?.closest(ARTICLE) ?? null;
      const href = article?.ownerDocument?.location?.href ?? '';
      return article && !isSponsored(article) && identify(article, href) !== null ? article : null;
    });
  },

  keyOf(el, location) {
    return safe(null, () => {
      const id = identify(el, location.href);
      return id ? itemKey('facebook', postIdOf(id)) : null;
    });
  },

  batchReads: (work) => work(),

  readPost(el, location) {
    return safe(null, () => {
      const id = identify(el, location.href);
      if (!id) return null;
      const postId = postIdOf(id);
      let permalink = id.postUrl;
      if (id.kind === 'comment') {
        permalink += `${permalink.includes('?') ? '&' : '?'}comment_id=${id.commentId}`;
        if (id.replyCommentId) permalink += `&reply_comment_id=${id.replyCommentId}`;
      }
      const author = readAuthor(el, id);
      const time = readPostedAt(id.timeLink);
      const inReplyToKey =
        id.kind === 'post'
          ? null
          : id.replyCommentId
            ? itemKey('facebook', `${id.postId}_${id.commentId}`)
            : itemKey('facebook', id.postId);
      const info: PostInfo = {
        channel: 'facebook',
        postId,
        key: itemKey('facebook', postId),
        permalink,
        authorHandle: author.handle,
        authorName: author.name,
        authorId: author.authorId,
        text: readBody(el, id.kind),
        postedAt: time.postedAt,
        postedAtSource: time.source,
        kind: id.kind,
        inReplyToKey,
        addressees: readAddressees(el, id, location.href),
      };
      return info;
    });
  },

  authorElement(el) {
    return safe(null, () => {
      const id = identify(el, el.ownerDocument?.location?.href ?? '');
      return id ? authorLink(el, id) ?? null : null;
    });
  },

  toolbarAnchor(el) {
    return safe<ToolbarAnchor | null>(null, () => {
      const href = el.ownerDocument?.location?.href ?? '';
      const id = identify(el, href);
      if (!id) return null;
      if (id.kind === 'post') {
        // After the story's message (before reactions and comments).
        const msg = own(el, '[data-ad-rendering-role="story_message"]')[0] ?? topmost(own(el, POST_MESSAGE))[0];
        if (msg?.parentElement) return { parent: msg.parentElement, before: msg.nextSibling };
        return { parent: el, before: null };
      }
      // A comment: after its actions row (Like · Reply · 3h), inside the comment's content column.
      const body = topmost(own(el, TEXT_BLOCK))[0] ?? null;
      const time = id.timeLink;
      if (time) {
        for (let row: Element = time; row.parentElement && row.parentElement !== el; row = row.parentElement) {
          const parent = row.parentElement;
          if (body ? parent.contains(body) : parent.parentElement === el) return { parent, before: row.nextSibling };
        }
      }
      return { parent: el, before: null };
    });
  },

  findComposer(el, doc) {
    return safe(null, () => {
      const href = doc.location?.href ?? '';
      const id = identify(el, href);
      const isReplyBox = (b: HTMLElement) => REPLY_COMPOSER_LABEL.test(composerLabel(b));
      const isCommentBox = (b: HTMLElement) => COMMENT_COMPOSER_LABEL.test(composerLabel(b)) || !isReplyBox(b);
      if (id?.kind === 'comment') {
        // An open reply box in this comment's thread answers it; otherwise the story's comment box.
        const story = storyOf(el);
        const top = id.replyCommentId ? parentComment(el, id.commentId!, story ?? doc) ?? el : el;
        const thread = threadContainer(top, story);
        const reply = Array.from(thread.querySelectorAll<HTMLElement>(LEXICAL_TEXTBOX)).find((b) => isReplyBox(b) && isVisible(b));
        if (reply) return reply;
        return nearestComposer(story ?? el, isCommentBox);
      }
      return nearestComposer(el, isCommentBox);
    });
  },

  findSubmitButton(composer) {
    return safe(null, () => {
      // Look in the composer's own box (a few levels up), never in a container that also holds posts or comments.
      let p: Element | null = composer.parentElement;
      for (let depth = 0; p && depth < 8; depth++, p = p.parentElement) {
        if (p.matches(ARTICLE) || p.querySelector(ARTICLE)) break;
        const button = Array.from(p.querySelectorAll<HTMLElement>(SUBMIT_BUTTONS)).find((b) => !composer.contains(b) && isVisible(b));
        if (button) return button;
        if (p.tagName === 'FORM') break;
      }
      return null;
    });
  },

  pageKind(location, doc) {
    return safe<FacebookPageKind>('other', () => {
      const url = new URL(location.href);
      const segs = url.pathname.split('/').filter(Boolean);
      const first = (segs[0] ?? '').toLowerCase();
      const permalink = parseFacebookPermalink(url.href);
      if (permalink?.commentId || (permalink && url.searchParams.has('comment_id'))) return 'comments';
      if (first === 'groups' && permalink) return 'group-post';
      if (permalink) return 'page-post';
      if (segs.length === 0 || first === 'home.php' || (first === '?' && segs.length === 1)) return 'feed';
      if (parseFacebookProfile(url.href) || (first === 'people' && segs.length >= 2) || (first === 'pages' && segs.length >= 2)) return 'page';
      if (first === 'groups' && segs.length <= 2 && segs[1]) return doc.querySelector(FEED) ? 'feed' : 'other';
      return 'other';
    });
  },

  signedInAccount(doc) {
    return safe<SignedInAccount | null>(null, () => {
      let name: string | null = null;
      for (const box of Array.from(doc.querySelectorAll(LEXICAL_TEXTBOX))) {
        const m = ACTING_AS_LABEL.exec(composerLabel(box));
        if (m) {
          name = m[1].trim();
          break;
        }
      }
      if (!name) {
        // The account button in the top bar carries the acting profile's picture, labelled with its name.
        for (const button of Array.from(doc.querySelectorAll(ACCOUNT_BUTTON))) {
          const labelled = Array.from(button.querySelectorAll('[aria-label], img[alt], title'))
            .map((e) => (e.tagName === 'IMG' ? e.getAttribute('alt') : e.tagName.toLowerCase() === 'title' ? e.textContent : e.getAttribute('aria-label')))
            .map((s) => (s ?? '').trim())
            .find((s) => s && !/^(your profile|account|account controls and settings)$/i.test(s));
          if (labelled) {
            name = labelled;
            break;
          }
        }
      }
      if (!name) return null;
      // Handle and id: a link to that profile labelled with the name (account menu, composer avatar, shortcuts).
      let handle: string | null = null;
      let id: string | null = null;
      for (const a of Array.from(doc.querySelectorAll('a[href][aria-label], [role="banner"] a[href], [role="navigation"] a[href]'))) {
        const label = (a.getAttribute('aria-label') ?? readText(a)).trim();
        if (label !== name) continue;
        const profile = parseFacebookProfile(a.getAttribute('href'));
        if (profile) {
          handle = profile.handle;
          id = profile.id;
          break;
        }
      }
      return { name, handle, id };
    });
  },

  theme(doc) {
    return safe<'dark' | 'light'>('light', () => {
      const cls = doc.documentElement.classList;
      if (cls.contains('__fb-dark-mode')) return 'dark';
      if (cls.contains('__fb-light-mode')) return 'light';
      const view = doc.defaultView;
      const bg = view && doc.body ? view.getComputedStyle(doc.body).backgroundColor : '';
      const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(bg ?? '');
      if (!m) return 'light';
      const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
    });
  },
};
