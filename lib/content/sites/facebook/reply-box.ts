// Opening a Facebook comment's reply box for the snippet palette: its own script (/facebook-reply-box.js,
// entrypoints/facebook-reply-box.ts), loaded by facebook.js when Snippets is first asked for on Facebook.
import { waitForElement } from '../composer-post';
import { findComposer, replyBoxOf } from './composer';
import { identify, own } from './reading';
import { REPLY_ACTION_LABEL } from './selectors';

/** A comment's own "Reply" action (in its actions row; localized words). */
function replyActionOf(el: Element): HTMLElement | null {
  return (
    own(el, '[role="button"]').find(
      (b): b is HTMLElement => REPLY_ACTION_LABEL.test((b.textContent ?? '').trim()) && b instanceof HTMLElement,
    ) ?? null
  );
}

/**
 * The reply box for a comment, opened with the comment's own Reply action when none is open (Facebook then shows
 * "Reply to NAME…" with the name filled in); a post's comment box.
 */
export async function openReplyBox(el: Element, doc: Document): Promise<HTMLElement | null> {
  const id = identify(el, doc.location?.href ?? '');
  if (id?.kind !== 'comment') return findComposer(el, doc);
  const open = replyBoxOf(el, doc);
  if (open) return open;
  const action = replyActionOf(el);
  if (!action) return null;
  action.click();
  return waitForElement(doc, () => replyBoxOf(el, doc), 1500);
}
