import { defineFeature, onAbort } from '../feature';

export const HOVER_OPEN_MS = 600;

/**
 * Author hover: resting the pointer on a post's author for 600 ms opens that post's customer card. One pair of
 * listeners for the whole page; a timer runs only while the pointer is on an author.
 */
export const authorHover = defineFeature({
  id: 'author-hover',
  init({ adapter, doc, toolbars, signal }) {
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
      if (!post || !toolbars.has(post)) return;
      const author = adapter.authorElement(post);
      if (!author?.contains(target)) return;
      pending = { author, timer: setTimeout(() => ((pending = null), toolbars.send(post, 'customer')), HOVER_OPEN_MS) };
    };
    const onOut = (event: MouseEvent) => {
      if (!pending) return;
      const to = event.relatedTarget as Node | null;
      if (!to || !pending.author.contains(to)) cancel();
    };

    doc.addEventListener('mouseover', onOver, { passive: true, signal });
    doc.addEventListener('mouseout', onOut, { passive: true, signal });
    onAbort(signal, cancel);
  },
});
