import type { SiteAdapter } from '../shared/sites/types';

export const HOVER_OPEN_MS = 600;

/**
 * Resting the pointer on a post's author for 600 ms opens that post's customer card. One pair of listeners for the
 * whole page; a timer runs only while the pointer is on an author.
 */
export function watchAuthorHover(options: {
  adapter: SiteAdapter;
  doc: Document;
  /** Does this post element carry a toolbar? */
  hasToolbar: (post: Element) => boolean;
  open: (post: Element) => void;
}): () => void {
  const { adapter, doc } = options;
  let pending: { author: Element; timer: ReturnType<typeof setTimeout> } | null = null;

  const cancel = () => {
    if (pending) clearTimeout(pending.timer);
    pending = null;
  };

  const onOver = (event: MouseEvent) => {
    const target = event.target as Node | null;
    if (!target) return;
    if (pending?.author.contains(target)) return; // still on the same author
    cancel();
    const post = adapter.postFor(target);
    if (!post || !options.hasToolbar(post)) return;
    const author = adapter.authorElement(post);
    if (!author?.contains(target)) return;
    pending = { author, timer: setTimeout(() => ((pending = null), options.open(post)), HOVER_OPEN_MS) };
  };

  const onOut = (event: MouseEvent) => {
    if (!pending) return;
    const to = event.relatedTarget as Node | null;
    if (!to || !pending.author.contains(to)) cancel();
  };

  doc.addEventListener('mouseover', onOver, { passive: true });
  doc.addEventListener('mouseout', onOut, { passive: true });
  return () => {
    cancel();
    doc.removeEventListener('mouseover', onOver);
    doc.removeEventListener('mouseout', onOut);
  };
}
