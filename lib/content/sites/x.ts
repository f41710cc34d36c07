import { itemKey, type PostInfo } from '../../shared/model';
import { postAnsweredBy, waitForElement } from './composer-post';
import { parseStatusHref, X_HANDLE, X_HOSTS, X_RESERVED, X_SAME_POST_SUFFIX, X_STATUS_PATH, xPermalink } from '../../shared/sites/x-urls';
import type { PageKind, SignedInAccount, SiteAdapter, ToolbarAnchor, XPageKind } from '../../shared/sites/types';

// All knowledge of X's DOM. X ships hashed atomic classes that change with every deploy; the data-testid hooks,
// ARIA roles and URL shapes below are what stays stable (they are what X's own tests and most extensions use).
const POST = 'article[data-testid="tweet"]';
/** Promoted posts live inside impression-tracking wrappers. (Media players inside real posts use it too, so only
 * an ancestor counts.) */
const AD_WRAPPER = '[data-testid="placementTracking"]';
const USER_NAME = '[data-testid="User-Name"]';
const POST_TEXT = '[data-testid="tweetText"]';
const STATUS_LINK = 'a[href*="/status/"]';
/** A quoted post is one clickable card (div[role=link]) nested in the outer article, with its own User-Name,
 * <time> and tweetText. */
const QUOTE_LINK = 'div[role="link"]';
const QUOTE_TWEET = '[data-testid="quoteTweet"]';
const ACTION_BAR = '[role="group"]';
const COMPOSER = '[data-testid="tweetTextarea_0"]';
const REPLY_BUTTON = '[data-testid="reply"]';
const DIALOG = '[role="dialog"]';
const SUBMIT_BUTTONS = ['[data-testid="tweetButtonInline"]', '[data-testid="tweetButton"]'];
const ACCOUNT_SWITCHER = '[data-testid="SideNav_AccountSwitcher_Button"]';
const AVATAR_PREFIX = 'UserAvatar-Container-';
const PROFILE_TAB = 'a[data-testid="AppTabBar_Profile_Link"]';

// Hosts, handles, status links and reserved paths: lib/shared/sites/x-urls.ts (shared with the background).
const HANDLE = X_HANDLE;
const STATUS_PATH = X_STATUS_PATH;
const RESERVED = X_RESERVED;
const SAME_POST_SUFFIX = X_SAME_POST_SUFFIX;
const SNOWFLAKE_EPOCH = 1288834974657n;

/** Never let a DOM surprise escape into the page or the content script. */
function safe<T>(fallback: T, read: () => T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

const RICH_TEXT = new Set(['img', 'svg', 'script', 'style']);
const RICH_TEXT_SELECTOR = [...RICH_TEXT].join(',');

/** Text as the user wrote it: X renders emoji as <img alt="😀">; SVG badges carry no text. */
function readText(node: Node): string {
  // Most text holds no emoji, badge or script: the browser's own textContent reads it at a fraction of the walk (#13).
  if (node.nodeType === 1 && !RICH_TEXT.has((node as Element).localName) && !(node as Element).querySelector(RICH_TEXT_SELECTOR))
    return node.textContent ?? '';
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += (n as Text).data;
    else if (n.nodeType === 1) {
      const el = n as Element;
      if (el.localName === 'img') out += el.getAttribute('alt') ?? '';
      else if (el.localName !== 'svg' && el.localName !== 'script' && el.localName !== 'style') el.childNodes.forEach(walk);
    }
  };
  walk(node);
  return out;
}

function tidy(s: string): string {
  // Most texts (names, handles, one-line posts) have nothing to tidy but their ends.
  if (!TIDY_WORK.test(s)) return s.trim();
  return s
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const TIDY_WORK = /[\t\n\u00a0]| {2}/;

/** The post's own permalink: the status link wrapping its <time>; without a <time>, the status link in its
 * User-Name block. Links in quoted posts, "Show more", analytics and media links are not it. */
type Permalink = { link: Element; href: string | null; time: Element | null; id: string; handle: string | null };

/** The parts of a post that are its own (not a quoted or nested post's), read once per post and batch. */
interface Parts {
  /** Quoted posts and nested articles inside it. */
  nested: Element[];
  permalink: Permalink | null;
  userName: Element | null;
}

/**
 * The quoted posts and nested articles inside a post: what is inside them is not the post's own. Most posts have
 * none, and then the post's first match of a selector is its own (single-selector queries: a selector list, or a
 * closest() with one per part, cost the browser several times more).
 */
function nestedIn(post: Element): Element[] {
  const found: Element[] = [];
  for (const article of post.getElementsByTagName('article')) if (article.getAttribute('data-testid') === 'tweet') found.push(article);
  for (const card of post.querySelectorAll(QUOTE_LINK)) found.push(card);
  for (const card of post.querySelectorAll(QUOTE_TWEET)) found.push(card);
  return found;
}

const inAny = (nested: readonly Element[], el: Element) => {
  for (const n of nested) if (n.contains(el)) return true;
  return false;
};

function firstOf(post: Element, nested: readonly Element[], selector: string): Element | null {
  if (nested.length === 0) return post.querySelector(selector);
  for (const el of post.querySelectorAll(selector)) if (!inAny(nested, el)) return el;
  return null;
}

function readParts(post: Element): Parts {
  const nested = nestedIn(post);
  let permalink: Permalink | null = null;
  for (const time of post.getElementsByTagName('time')) {
    if (nested.length && inAny(nested, time)) continue;
    const link = time.closest('a[href]');
    if (!link || !post.contains(link)) continue;
    const href = link.getAttribute('href');
    const parsed = parseStatusHref(href);
    if (parsed) {
      permalink = { link, href, time, id: parsed.id, handle: parsed.handle };
      break;
    }
  }
  const userName = firstOf(post, nested, USER_NAME);
  if (!permalink && userName) {
    for (const link of userName.querySelectorAll(STATUS_LINK)) {
      const href = link.getAttribute('href');
      const parsed = parseStatusHref(href);
      if (parsed && SAME_POST_SUFFIX.test(parsed.suffix)) {
        permalink = { link, href, time: null, id: parsed.id, handle: parsed.handle };
        break;
      }
    }
  }
  return { nested, permalink, userName };
}

/** Parts read during one batchReads(): a frame asks about the same post element several times. */
let partsRead: Map<Element, Parts> | null = null;

function partsOf(post: Element): Parts {
  if (!partsRead) return readParts(post);
  let found = partsRead.get(post);
  if (found === undefined) partsRead.set(post, (found = readParts(post)));
  return found;
}

/**
 * Each post's permalink as last read: a post the page only moved, or changed elsewhere, is known again by that link
 * alone, still in it with the same address (the scanner asks about a post on every change in or around it, and
 * reading all its parts each time was most of the scan, #13). A node reused for another post changes or replaces it.
 */
const known = new WeakMap<Element, Permalink>();

function permalinkOf(post: Element): Permalink | null {
  let found = known.get(post);
  if (found && found.link.getAttribute('href') === found.href && post.contains(found.link)) return found;
  found = partsOf(post).permalink ?? undefined;
  if (found) known.set(post, found);
  return found ?? null;
}

/**
 * The post page's focused post (the one the URL names). Found with a query over the whole page, so kept while it is
 * in the page (and, when it is not, for the rest of the batch): readPost asks for it once per post of the conversation.
 */
let focusedCache: { id: string; el: Element | null; batch: Map<Element, Parts> | null } | null = null;
function focusedPost(doc: Document, id: string): Element | null {
  const c = focusedCache;
  if (c?.id === id && (c.el ? c.el.isConnected && c.el.ownerDocument === doc : c.batch !== null && c.batch === partsRead)) return c.el;
  const el = doc.querySelector(`a[href*="/status/${id}"] time`)?.closest(POST) ?? null;
  focusedCache = { id, el, batch: partsRead };
  return el;
}

/** Neither nested in a post nor promoted (an ad wrapper around it): one walk up for both. */
const OUTSIDE = `${POST}, ${AD_WRAPPER}`;

function isCandidate(el: Element): boolean {
  return !el.parentElement?.closest(OUTSIDE) && permalinkOf(el) !== null;
}

function readAuthor(block: Element | null): { handle: string | null; name: string | null } {
  let handle: string | null = null;
  let name: string | null = null;
  for (const a of block?.querySelectorAll('a[href]') ?? []) {
    const text = tidy(readText(a));
    if (!handle && text.startsWith('@') && HANDLE.test(text.slice(1))) handle = text.slice(1);
    else if (name === null && text && !text.startsWith('@')) name = text;
  }
  if (!handle) {
    // No "@handle" text (e.g. collapsed layouts): the profile link's path.
    const href = block?.querySelector('a[href^="/"]')?.getAttribute('href')?.slice(1) ?? '';
    if (HANDLE.test(href)) handle = href;
  }
  return { handle, name };
}

function snowflakeTime(id: string): string | null {
  if (id.length < 15) return null; // pre-2010 sequential ids carry no time
  const ms = Number((BigInt(id) >> 22n) + SNOWFLAKE_EPOCH);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function statusIdOf(href: string): string | null {
  return safe(null, () => {
    const url = new URL(href);
    const m = STATUS_PATH.exec(url.pathname);
    return m ? m[2] : null;
  });
}

/** The last page asked about: every post of a page asks with the same address (#13). */
let lastPage: { href: string; kind: XPageKind; focusedId: string | null } | null = null;
function pageOf(href: string) {
  if (lastPage?.href === href) return lastPage;
  const kind = readPageKind(href);
  return (lastPage = { href, kind, focusedId: kind === 'post' ? statusIdOf(href) : null });
}
const xPageKind = (href: string): XPageKind => pageOf(href).kind;

function readPageKind(href: string): XPageKind {
  const url = new URL(href, 'https://x.com');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/home') return 'timeline';
  if (STATUS_PATH.test(path)) return 'post';
  const [first, second] = path.slice(1).split('/');
  if (first === 'notifications') return 'notifications';
  if (first === 'search' || first === 'hashtag') return 'search';
  if (first === 'messages' || (first === 'i' && second === 'chat')) return 'messages';
  if (HANDLE.test(first) && !RESERVED.has(first.toLowerCase())) return 'profile';
  return 'other';
}

/** "rgb(0, 0, 0)", "rgba(…)", "#000" or "#000000" → [r, g, b, alpha]. */
function parseColor(value: string | null | undefined): [number, number, number, number] | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(v);
  if (rgb) {
    const a = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), a];
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1];
  }
  return null;
}

function isDarkColor(value: string | null | undefined): boolean | null {
  const c = parseColor(value);
  if (!c || c[3] === 0) return null; // transparent tells nothing
  const [r, g, b] = c;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

/** @handles the post mentions or replies to ("Replying to @…"), not counting its author's own handle link. */
function readAddressees(post: Element, nested: readonly Element[]): string[] {
  const names = new Set<string>();
  for (const a of post.querySelectorAll('a[href^="/"]')) {
    // The link's words first: most links of a post (avatar, name, time, counts) are not "@handle", and reading them
    // costs less than the walks up that place a mention.
    const text = (a.textContent ?? '').trim();
    const handle = text.startsWith('@') ? text.slice(1) : '';
    if (!HANDLE.test(handle) || (nested.length && inAny(nested, a)) || a.closest(USER_NAME)) continue;
    names.add(handle);
  }
  return [...names];
}

/** Which account the agent is signed in as: the account switcher's words or avatar, else the profile tab's link. */
function readSignedIn(doc: Document): SignedInAccount | null {
  return safe(null, () => {
    const button = doc.querySelector(ACCOUNT_SWITCHER);
    let handle: string | null = null;
    let name: string | null = null;
    if (button) {
      const text = tidy(readText(button));
      const at = /@([A-Za-z0-9_]{1,15})\s*$/.exec(text) ?? /@([A-Za-z0-9_]{1,15})/.exec(text);
      if (at) {
        handle = at[1];
        name = text.slice(0, text.lastIndexOf(`@${handle}`)).trim() || null;
      }
      if (!handle) {
        const testid = button.querySelector(`[data-testid^="${AVATAR_PREFIX}"]`)?.getAttribute('data-testid');
        const h = testid?.slice(AVATAR_PREFIX.length) ?? '';
        if (HANDLE.test(h)) handle = h;
      }
    }
    if (!handle) {
      const href = doc.querySelector(PROFILE_TAB)?.getAttribute('href')?.replace(/^\//, '') ?? '';
      if (HANDLE.test(href)) handle = href;
    }
    return handle || name ? { handle, name, id: null } : null;
  });
}

/** The batch the last signed-in reading belongs to. */
let signedIn: { batch: Map<Element, Parts>; doc: Document; account: SignedInAccount | null } | null = null;

export const xAdapter: SiteAdapter = {
  channel: 'x',
  submitsOnEnter: false,

  matchesHost: (hostname) => X_HOSTS.test(hostname),

  findPosts(root) {
    return safe([], () => {
      const found = [...root.querySelectorAll(POST)];
      if (root instanceof Element && root.matches(POST)) found.unshift(root);
      return found.filter(isCandidate);
    });
  },

  postFor(node) {
    return safe(null, () => {
      const start = node.nodeType === 1 ? (node as Element) : node.parentElement;
      let post = start?.closest(POST) ?? null;
      // A post nested in another (a quoted post's article) belongs to the outer one.
      for (let outer = post?.parentElement?.closest(POST); outer; outer = outer.parentElement?.closest(POST)) post = outer;
      return post && isCandidate(post) ? post : null;
    });
  },

  keyOf(el) {
    return safe(null, () => {
      const link = permalinkOf(el);
      return link ? itemKey('x', link.id) : null;
    });
  },

  batchReads(work) {
    if (partsRead) return work();
    partsRead = new Map();
    try {
      return work();
    } finally {
      partsRead = null;
      signedIn = null; // what was read in the batch is not kept past it
      if (focusedCache) focusedCache = focusedCache.el ? { ...focusedCache, batch: null } : null;
    }
  },

  readPost(el, location) {
    return safe(null, () => {
      const parts = partsOf(el);
      const link = parts.permalink;
      if (!link) return null;
      const { id } = link;
      const author = readAuthor(parts.userName);
      const handle = author.handle ?? (link.handle && link.handle !== 'i' ? link.handle : null);
      const textEl = firstOf(el, parts.nested, POST_TEXT);
      const datetime = link.time?.getAttribute('datetime');
      const timeValid = !!datetime && !Number.isNaN(Date.parse(datetime));
      const fromId = timeValid ? null : snowflakeTime(id);
      // On a post page, posts below the focused post are its replies (the thread above it is not).
      let inReplyToKey: string | null = null;
      const { focusedId } = pageOf(location.href);
      if (focusedId && focusedId !== id) {
        const focused = focusedPost(el.ownerDocument, focusedId);
        if (focused && focused.compareDocumentPosition(el) & 4 /* FOLLOWING */) inReplyToKey = itemKey('x', focusedId);
      }
      const post: PostInfo = {
        channel: 'x',
        postId: id,
        key: itemKey('x', id),
        permalink: xPermalink(handle, id),
        authorHandle: handle,
        authorName: author.name,
        authorId: null, // X's markup does not expose numeric user ids
        text: textEl ? tidy(readText(textEl)) : '',
        postedAt: timeValid ? new Date(datetime!).toISOString() : fromId,
        postedAtSource: timeValid ? 'time-element' : fromId ? 'snowflake' : 'unknown',
        kind: 'post',
        inReplyToKey,
        addressees: readAddressees(el, parts.nested),
      };
      return post;
    });
  },

  authorElement(el) {
    return safe(null, () => partsOf(el).userName);
  },

  toolbarAnchor(el): ToolbarAnchor | null {
    return safe(null, () => {
      // Right below the post's own action bar (reply / repost / like), inside the article.
      const { nested } = partsOf(el);
      const bar = firstOf(el, nested, ACTION_BAR);
      if (bar?.parentElement) return { parent: bar.parentElement, before: bar.nextSibling };
      const text = firstOf(el, nested, POST_TEXT);
      if (text?.parentElement) return { parent: text.parentElement, before: text.nextSibling };
      return { parent: el, before: null };
    });
  },

  findComposer(el, doc) {
    return safe(null, () => {
      // An open reply dialog (opened from this post's reply button) answers it.
      const dialog = doc.querySelector(`${DIALOG} ${COMPOSER}`);
      if (dialog instanceof HTMLElement && dialog.isContentEditable !== false) return dialog;
      // The inline box of a post page answers the post right above it (the focused post). On the home timeline
      // the box sits above every post and composes a new post, so it answers none.
      for (const box of doc.querySelectorAll(COMPOSER)) {
        if (!(box instanceof HTMLElement) || box.closest(DIALOG)) continue;
        if (!(el.compareDocumentPosition(box) & 4 /* box FOLLOWING el */)) continue; // a box above the post never answers it
        // Only posts before the box matter: stop at the first one after it (on a timeline, the very first).
        let above: Element | null = null;
        for (const post of doc.querySelectorAll(POST)) {
          if (!(post.compareDocumentPosition(box) & 4 /* box FOLLOWING post */)) break;
          if (isCandidate(post)) above = post;
        }
        if (above === el) return box;
      }
      return null;
    });
  },

  postAnsweredBy(node, posts, doc) {
    return safe(null, () => postAnsweredBy(xAdapter.findComposer, node, posts, doc));
  },

  async openReplyBox(el, doc) {
    const open = xAdapter.findComposer(el, doc);
    if (open) return open;
    // X opens a reply dialog from the post's own reply button.
    const button = safe(null, () => firstOf(el, partsOf(el).nested, REPLY_BUTTON));
    if (!(button instanceof HTMLElement)) return null;
    button.click();
    return waitForElement(doc, () => xAdapter.findComposer(el, doc), 800);
  },

  findSubmitButton(composer, doc) {
    return safe(null, () => {
      // The nearest submit button around the editor: climb until a container holds one.
      for (let node: Element | null = composer; node && node !== doc.documentElement; node = node.parentElement) {
        for (const selector of SUBMIT_BUTTONS) {
          const button = node.querySelector(selector);
          if (button instanceof HTMLElement) return button;
        }
      }
      return null;
    });
  },

  pageKind(location): PageKind {
    return safe<PageKind>('other', () => xPageKind(location.href));
  },

  signedInAccount(doc): SignedInAccount | null {
    // Asked once per post mounted: within one batch of reads the answer is the same, and on a page without X's side
    // navigation (the real capture) each asking is two queries over the whole page (#13).
    const cached = signedIn;
    if (partsRead && cached?.batch === partsRead && cached.doc === doc) return cached.account;
    const account = readSignedIn(doc);
    if (partsRead) signedIn = { batch: partsRead, doc, account };
    return account;
  },

  theme(doc) {
    return safe<'dark' | 'light'>('light', () => {
      // X paints its theme (light / dim / lights out) as the body's inline background: read that first, as the
      // computed style costs a style recalculation of the whole page while it is loading.
      const body = doc.body;
      const view = doc.defaultView;
      const fromBody =
        isDarkColor(body?.style.backgroundColor) ??
        isDarkColor(body && view ? safe('', () => view.getComputedStyle(body).backgroundColor) : '');
      if (fromBody !== null) return fromBody ? 'dark' : 'light';
      // jsdom and early loads: the color-scheme X sets on <html>, then the theme-color meta.
      const scheme = doc.documentElement?.style.getPropertyValue('color-scheme');
      if (scheme) return scheme.includes('dark') ? 'dark' : 'light';
      const meta = isDarkColor(doc.querySelector('meta[name="theme-color"]')?.getAttribute('content'));
      return meta ? 'dark' : 'light';
    });
  },
};
