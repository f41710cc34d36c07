// Facebook's reply composers (Lexical editors): which one answers a post or comment, and its submit button.
import { identify, ownPermalinks } from './reading';
import { ARTICLE, COMMENT_COMPOSER_LABEL, FEED, LEXICAL_TEXTBOX, REPLY_COMPOSER_LABEL, SUBMIT_BUTTONS } from './selectors';

export function composerLabel(box: Element): string {
  return (box.getAttribute('aria-label') ?? box.getAttribute('aria-placeholder') ?? '').trim();
}

export function isVisible(el: Element): boolean {
  if (el.closest('[hidden], [aria-hidden="true"]')) return false;
  const style = (el as HTMLElement).style;
  if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  return true;
}

/** The container of one top-level comment and its replies: the largest ancestor holding no other top-level comment. */
export function threadContainer(comment: Element, stop: Element | null): Element {
  let container: Element = comment;
  for (let p = comment.parentElement; p && p !== stop; p = p.parentElement) {
    if ([...p.querySelectorAll(ARTICLE)].some((a) => a !== comment && !a.contains(comment) && isTopLevelComment(a))) break;
    container = p;
  }
  return container;
}

export function isTopLevelComment(a: Element): boolean {
  const link = ownPermalinks(a).find((l) => l.p.commentId);
  return !!link && !link.p.replyCommentId;
}

/** The top-level comment element a reply answers, found by its comment_id. */
export function parentComment(reply: Element, commentId: string, scope: ParentNode): Element | null {
  for (const a of scope.querySelectorAll(ARTICLE)) {
    if (a === reply) continue;
    const link = ownPermalinks(a).find((l) => l.p.commentId === commentId && !l.p.replyCommentId);
    if (link) return a;
  }
  return null;
}

/** The story article a comment belongs to (nearest post ancestor), or null when comments sit outside it. */
export function storyOf(el: Element): Element | null {
  for (let a = el.parentElement?.closest(ARTICLE) ?? null; a; a = a.parentElement?.closest(ARTICLE) ?? null) {
    if (!ownPermalinks(a).some((l) => l.p.commentId)) return a;
  }
  return null;
}

/** Walk up from el and return the first composer matching `accept`, never leaving el's feed unit. */
export function nearestComposer(el: Element, accept: (box: HTMLElement) => boolean): HTMLElement | null {
  for (let p: Element | null = el; p; p = p.parentElement) {
    const found = [...p.querySelectorAll<HTMLElement>(LEXICAL_TEXTBOX)].find((b) => accept(b) && isVisible(b));
    if (found) return found;
    if (p.parentElement?.matches(FEED)) return null; // a feed unit: the next posts' composers are not ours
  }
  return null;
}

const isReplyBox = (b: HTMLElement) => REPLY_COMPOSER_LABEL.test(composerLabel(b));
const isCommentBox = (b: HTMLElement) => COMMENT_COMPOSER_LABEL.test(composerLabel(b)) || !isReplyBox(b);

/** An open reply box in the thread of this comment (its own, or its top-level comment's). */
export function replyBoxOf(el: Element, doc: Document): HTMLElement | null {
  const id = identify(el, doc.location?.href ?? '');
  if (id?.kind !== 'comment') return null;
  const story = storyOf(el);
  const top = id.replyCommentId ? (parentComment(el, id.commentId!, story ?? doc) ?? el) : el;
  const thread = threadContainer(top, story);
  return [...thread.querySelectorAll<HTMLElement>(LEXICAL_TEXTBOX)].find((b) => isReplyBox(b) && isVisible(b)) ?? null;
}

/** The reply composer that answers a post or comment element, if one is open. */
export function findComposer(el: Element, doc: Document): HTMLElement | null {
  const id = identify(el, doc.location?.href ?? '');
  if (id?.kind === 'comment') {
    // An open reply box in this comment's thread answers it; otherwise the story's comment box.
    return replyBoxOf(el, doc) ?? nearestComposer(storyOf(el) ?? el, isCommentBox);
  }
  return nearestComposer(el, isCommentBox);
}

/** The button that submits this composer, looked for in its own box. */
export function findSubmitButton(composer: HTMLElement): HTMLElement | null {
  // Look in the composer's own box (a few levels up), never in a container that also holds posts or comments.
  let p: Element | null = composer.parentElement;
  for (let depth = 0; p && depth < 8; depth++, p = p.parentElement) {
    if (p.matches(ARTICLE) || p.querySelector(ARTICLE)) break;
    const button = [...p.querySelectorAll<HTMLElement>(SUBMIT_BUTTONS)].find((b) => !composer.contains(b) && isVisible(b));
    if (button) return button;
    if (p.tagName === 'FORM') break;
  }
  return null;
}
