import type { SiteAdapter } from '../shared/sites/types';

/**
 * Notices the agent submitting the site's own reply composer for a post that carries a toolbar (a click on the
 * Reply / Comment button, Ctrl/Cmd+Enter, or Enter where the site posts on Enter), so the item becomes replied
 * without a second click. Listens in the capture phase and never interferes with the site's handling.
 */
export function watchReplySubmissions(options: {
  adapter: SiteAdapter;
  doc: Document;
  /** Post elements that carry a toolbar. */
  posts: () => Element[];
  onSubmit: (post: Element) => void;
}): () => void {
  const { adapter, doc } = options;

  const postAnsweredBy = (composer: HTMLElement): Element | null =>
    options.posts().find((post) => adapter.findComposer(post, doc) === composer) ?? null;

  const hasText = (composer: HTMLElement) => (composer.textContent ?? '').trim().length > 0;

  const onClick = (event: MouseEvent) => {
    const target = event.target as Element | null;
    const button = target?.closest?.('button, [role="button"]');
    if (!button) return;
    for (const post of options.posts()) {
      const composer = adapter.findComposer(post, doc);
      if (!composer || !hasText(composer)) continue;
      const submit = adapter.findSubmitButton(composer, doc);
      if (submit && (submit === button || submit.contains(button))) {
        options.onSubmit(post);
        return;
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.isComposing || event.shiftKey) return;
    const modified = event.ctrlKey || event.metaKey;
    if (!modified && !adapter.submitsOnEnter) return;
    const composer = (event.target as Element | null)?.closest?.('[contenteditable="true"]');
    if (!(composer instanceof HTMLElement) || !hasText(composer)) return;
    const post = postAnsweredBy(composer);
    if (post) options.onSubmit(post);
  };

  doc.addEventListener('click', onClick, true);
  doc.addEventListener('keydown', onKeyDown, true);
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('keydown', onKeyDown, true);
  };
}
