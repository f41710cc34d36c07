// Reading a Facebook post or comment element: its identity (from permalinks), author, text, time and addressees.
import type { PostInfo } from '../../../shared/model';
import {
  parseFacebookMedia,
  parseFacebookPermalink,
  parseFacebookProfile,
  type FacebookPermalink,
} from '../../../shared/sites/facebook-urls';
import { ARTICLE, LINK, POST_AUTHOR_LINKS, POST_MESSAGE, SPONSORED, TEXT_BLOCK, TOOLTIP } from './selectors';
import { isShortTimeText, parseFacebookTime } from './time';

/** Visible text of an element, emoji images restored from alt, buttons ("See more", "Like") and hidden parts skipped. */
export function readText(el: Element): string {
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
    for (const child of e.childNodes) walk(child);
  };
  walk(el);
  return out;
}

export const clean = (s: string) =>
  s
    .replace(/[\u00a0\t ]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** Elements under el that belong to el itself, not to a nested article (a comment inside a post). */
export function own(el: Element, selector: string): Element[] {
  const out: Element[] = [];
  for (const found of el.querySelectorAll(selector)) {
    if (found.closest(ARTICLE) === el) out.push(found);
  }
  return out;
}

/** The permalink links of an article (own ones only), parsed. */
export function ownPermalinks(el: Element): { link: Element; p: FacebookPermalink }[] {
  const out: { link: Element; p: FacebookPermalink }[] = [];
  for (const link of own(el, LINK)) {
    const p = parseFacebookPermalink(link.getAttribute('href'));
    if (p) out.push({ link, p });
  }
  return out;
}

export function isSponsored(el: Element): boolean {
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

export interface Identity {
  kind: 'post' | 'comment';
  postId: string;
  commentId: string | null;
  replyCommentId: string | null;
  postUrl: string;
  /** The link that carries the id and the displayed time. */
  timeLink: Element | null;
}

/** A post's id, or a comment's (`<post>_<comment>`, as Facebook's Graph API spells it). */
export const postIdOf = (id: Identity) => (id.kind === 'post' ? id.postId : `${id.postId}_${id.replyCommentId ?? id.commentId}`);

export function identify(el: Element, href: string): Identity | null {
  const links = ownPermalinks(el);
  // A comment: its timestamp link is the post permalink plus comment_id.
  const commentLink = links.find((l) => l.p.commentId);
  if (commentLink) return { ...commentLink.p, kind: 'comment', timeLink: commentLink.link };
  if (isCommentLabel(el)) return null; // a comment still being posted, or one whose link we cannot read
  // A post: its timestamp link is the post permalink. Prefer a link that is not the author's or a mention.
  const postLinks = links.filter((l) => !l.p.commentId);
  const postLink = postLinks.find((l) => isShortTimeText(readText(l.link))) ?? postLinks[0];
  if (postLink) return { ...postLink.p, kind: 'post', replyCommentId: null, timeLink: postLink.link };
  // On a permalink page the main story may not link to itself: the location tells its id.
  const here = parseFacebookPermalink(href);
  if (here && !here.commentId && !el.parentElement?.closest(ARTICLE) && isMainStory(el)) {
    return { ...here, kind: 'post', replyCommentId: null, timeLink: null };
  }
  return null;
}

export function isCommentLabel(el: Element): boolean {
  const label = el.getAttribute('aria-label') ?? '';
  return /^(comment|reply) by /i.test(label);
}

/** The first top-level article inside role=main or a dialog: the story a permalink page shows. */
export function isMainStory(el: Element): boolean {
  const container = el.closest('[role="main"], [role="dialog"]');
  if (!container) return false;
  const first = [...container.querySelectorAll(ARTICLE)].find((a) => !a.parentElement?.closest(ARTICLE));
  return first === el;
}

export function readPostedAt(timeLink: Element | null, reference: number): { postedAt: string | null; source: PostInfo['postedAtSource'] } {
  if (!timeLink) return { postedAt: null, source: 'unknown' };
  const doc = timeLink.ownerDocument;
  // The exact time, when the hover tooltip (or an aria-label) is present.
  const candidates: string[] = [];
  for (const holder of [timeLink, ...timeLink.querySelectorAll('[aria-describedby]')]) {
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

export function readAuthor(el: Element, id: Identity): { name: string | null; handle: string | null; authorId: string | null } {
  const link = authorLink(el, id);
  if (!link) return { name: null, handle: null, authorId: null };
  const profile = parseFacebookProfile(link.getAttribute('href'));
  const name = clean(readText(link)) || null;
  return { name, handle: profile?.handle ?? null, authorId: profile?.id ?? null };
}

/** The link naming the author of a post or comment. */
export function authorLink(el: Element, id: Identity): Element | undefined {
  let link: Element | undefined;
  if (id.kind === 'post') {
    link = own(el, POST_AUTHOR_LINKS)
      .map((e) => (e.tagName === 'A' ? e : e.closest('a[href]')!))
      .find((a) => a && parseFacebookProfile(a.getAttribute('href')) && readText(a).trim());
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

export function topmost(elements: Element[]): Element[] {
  return elements.filter((e) => !elements.some((other) => other !== e && other.contains(e)));
}

export function readBody(el: Element, kind: 'post' | 'comment'): string {
  let blocks: Element[] = kind === 'post' ? topmost(own(el, POST_MESSAGE)) : [];
  if (blocks.length === 0) blocks = topmost(own(el, TEXT_BLOCK));
  // A message of several paragraphs is several text blocks: one line break between them.
  const paragraphs = blocks.flatMap((b) => {
    const inner = topmost([...b.querySelectorAll(TEXT_BLOCK)]);
    return inner.length > 1 ? inner : [b];
  });
  return clean(
    paragraphs
      .map((b) => clean(readText(b)))
      .filter(Boolean)
      .join('\n'),
  );
}

/**
 * Whom a post or comment addresses: people it mentions (profile links in its body) and, for a comment, the author of
 * the post it is under (in a photo or video viewer: the media's owner) and of the comment it replies to. Handles and
 * numeric ids only, never display names: anyone can name themselves after a brand.
 */
export function readAddressees(el: Element, id: Identity, href: string): string[] {
  const names = new Set<string>();
  const add = (...values: (string | null)[]) => values.forEach((v) => v && names.add(v));
  for (const a of own(el, 'a[href]')) {
    if (!a.closest(TEXT_BLOCK) && !a.closest(POST_MESSAGE)) continue;
    const profile = parseFacebookProfile(a.getAttribute('href'));
    if (profile) add(profile.handle, profile.id);
  }
  if (id.kind === 'comment') {
    const doc = el.ownerDocument;
    let story = false;
    for (const other of doc.querySelectorAll(ARTICLE)) {
      if (other === el) continue;
      const o = identify(other, href);
      if (!o || o.postId !== id.postId) continue;
      const isStory = o.kind === 'post';
      const isParent = !!id.replyCommentId && o.kind === 'comment' && o.commentId === id.commentId && !o.replyCommentId;
      if (!isStory && !isParent) continue;
      story ||= isStory;
      const author = readAuthor(other, o);
      add(author.handle, author.authorId);
    }
    // The photo and video viewers have no post article: the comments sit beside the media, under its owner.
    if (!story) add(...viewerOwner(el, id.postId));
  }
  return [...names];
}

/**
 * The owner of the photo or video a viewer comment is on: the profile link heading the viewer's side panel (outside
 * every article), as its handle and numeric id only — never a display name. The panel must also link to that same
 * photo or video (its timestamp link), so a panel of another post never lends its author. Empty when not in a viewer.
 */
export function viewerOwner(comment: Element, mediaId: string): string[] {
  const panel = comment.closest('[role="complementary"], [role="dialog"]');
  if (!panel) return [];
  const outside = [...panel.querySelectorAll(LINK)].filter((a) => !a.closest(ARTICLE));
  const showsMedia = outside.some((a) => {
    const p = parseFacebookPermalink(a.getAttribute('href'));
    return p ? !p.commentId && p.postId === mediaId : parseFacebookMedia(a.getAttribute('href'))?.id === mediaId;
  });
  if (!showsMedia) return [];
  const header = [...panel.querySelectorAll(POST_AUTHOR_LINKS)]
    .map((e) => (e.tagName === 'A' ? e : e.closest(LINK)))
    .find((a) => a && !a.closest(ARTICLE) && parseFacebookProfile(a.getAttribute('href')) && readText(a).trim());
  const profile = header ? parseFacebookProfile(header.getAttribute('href')) : null;
  return [profile?.handle ?? null, profile?.id ?? null].filter((v): v is string => !!v);
}
