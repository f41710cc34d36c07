import { h, render } from 'preact';
import { CharCount, CHAR_COUNT_CSS } from '../../components/content/CharCount';
import { boxOf, placePanel, type Box } from '../../components/content/place';
import { SnippetPalette, SNIPPET_PALETTE_CSS } from '../../components/content/SnippetPalette';
import { insertIntoComposer, rememberCaret } from './insert-text';
import type { PageContext } from './feature';
import { createShadowHost } from './shadow-host';

/**
 * Snippets where the agent replies: the palette (floating, in Shadow DOM) opens at the reply box in use — the one
 * answering the post, or (Facebook) the comment's own reply box opened for it — inside the viewport and never over
 * the box, its Reply button or the toolbar row it came from; where no box can be opened it opens beside the toolbar
 * and inserts into the box the caret was last in. Also the live length counter. The search index and twitter-text
 * stay in the background: this file only sends requests.
 *
 * Part of the interactive UI (overlay-ui.js, loaded on first use): the content script keeps only the triggers
 * (lib/content/features/snippets.ts) and hands each gesture over once this is loaded.
 */
export interface SnippetController {
  /** The toolbar's Snippets button (or the `s` key): open the post's reply box and the palette at it. */
  openFromToolbar(postEl: Element, anchor: Element, started: number): Promise<void>;
  /** Open for a composer that answers `post` (Alt+Shift+S in it, the browser command). */
  openForComposer(post: Element, composer: HTMLElement, started: number): void;
  /** Show the live length counter under a composer that answers a post (it has the focus). */
  showCounter(composer: HTMLElement): void;
}

/** The team's language: its snippets are listed first (the browser's language, as the agents work in it). */
const teamLanguage = () => (typeof navigator !== 'undefined' && navigator.language) || 'en';
const preact = { render };

/**
 * `options.signal` ends every listener, the palette and the counter; `lastComposer` is the reply box the caret was
 * last in: where a palette opened beside a toolbar inserts.
 */
export function createSnippetController(
  options: Pick<PageContext, 'adapter' | 'doc' | 'request' | 'onError' | 'signal'>,
  lastComposer: () => HTMLElement | null,
): SnippetController {
  const { adapter, doc, request, signal } = options;
  let palette: {
    host: ReturnType<typeof createShadowHost>;
    reposition: () => void;
    resize: ResizeObserver;
    refocus: HTMLElement | null;
  } | null = null;
  let counter: { host: ReturnType<typeof createShadowHost>; composer: HTMLElement; stop: () => void } | null = null;
  const channel = adapter.channel;

  const closePalette = (refocus: boolean) => {
    if (!palette) return;
    const { host } = palette;
    removeEventListener('scroll', palette.reposition, true);
    removeEventListener('resize', palette.reposition);
    palette.resize.disconnect();
    const target = palette.refocus;
    palette = null;
    host.destroy();
    if (refocus) target?.focus({ preventScroll: true });
  };

  /**
   * Open the palette for a post. `composer`: the reply box it inserts into, and anchors to (null: beside `anchor`,
   * inserting where the caret was last). `replyTo`: whom the reply goes to, shown in the palette.
   */
  const openFor = (postEl: Element, composer: HTMLElement | null, anchor: Element, replyTo: string | null, started: number) => {
    closePalette(false);
    if (signal.aborted) return;
    if (composer) rememberCaret(composer);
    const key = postEl.getAttribute('data-carebar-id');
    const target = () => {
      const last = lastComposer();
      return composer?.isConnected ? composer : last?.isConnected ? last : null;
    };
    const host = createShadowHost(preact, doc, SNIPPET_PALETTE_CSS, {
      'data-testid': 'carebar-snippet-palette-host',
      'data-theme': adapter.theme(doc),
      'data-site': channel,
    });
    // Never over the reply box being typed in, nor its Reply button, nor the toolbar row it was opened from (its
    // shadow host: the agent still reads the post's clock and state there).
    const row = (anchor.getRootNode() as Partial<ShadowRoot>).host ?? null;
    const avoid = (): Box[] => {
      const from = row?.isConnected ? [boxOf(row)] : [];
      const box = target();
      if (!box) return from.length ? from : [boxOf(anchor)];
      const submit = adapter.findSubmitButton(box, doc);
      return [boxOf(box), ...(submit ? [boxOf(submit)] : []), ...from];
    };
    const reposition = () => {
      const panel = host.host.shadowRoot?.querySelector<HTMLElement>('.palette');
      if (!panel) return;
      const at = composer?.isConnected ? composer : anchor;
      if (!at.isConnected) return closePalette(false);
      placePanel(panel, boxOf(at), { avoid: avoid(), prefer: ['below', 'above', 'right', 'left'] });
    };
    // The panel grows when the results arrive: place it again.
    const resize = new ResizeObserver(reposition);
    palette = { host, reposition, resize, refocus: target() };
    host.render(
      h(SnippetPalette, {
        channelLabel: channel === 'x' ? 'X' : 'Facebook',
        teamLanguage: teamLanguage(),
        replyTo,
        search: (query) => request('snippets.search', { query, channel, key }).then((r) => r.results),
        render: (id, answers) => request('snippets.render', { id, key, channel, answers, existing: target()?.textContent ?? '' }),
        insert: async (text, id) => {
          const box = target();
          if (!box) throw new Error('Click into the reply box you are writing in, then choose the snippet again.');
          const ok = await insertIntoComposer(box, text);
          if (ok) request('snippets.used', { id }).catch(options.onError);
          return ok;
        },
        onClose: closePalette,
      }),
    );
    doc.body.append(host.host);
    reposition();
    const panel = host.host.shadowRoot?.querySelector<HTMLElement>('.palette');
    if (panel) resize.observe(panel);
    addEventListener('scroll', reposition, true);
    addEventListener('resize', reposition);
    host.host.setAttribute('data-open-ms', (performance.now() - started).toFixed(1));
  };

  /** Whom a reply to this post goes to, as the palette says it. */
  const replyToOf = (postEl: Element) => {
    const post = adapter.readPost(postEl, doc.location ?? { href: '' });
    if (!post) return null;
    const who = channel === 'x' && post.authorHandle ? `@${post.authorHandle}` : (post.authorName ?? post.authorHandle);
    return who ? `Reply to ${who}` : null;
  };

  // The live length counter, shown while a composer that answers a post has the focus.
  const showCounter = (composer: HTMLElement) => {
    if (counter?.composer === composer || signal.aborted) return;
    counter?.stop();
    const host = createShadowHost(preact, doc, CHAR_COUNT_CSS, {
      'data-testid': 'carebar-char-count-host',
      'data-theme': adapter.theme(doc),
    });
    let seq = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const place = () => {
      const el = host.host.shadowRoot?.querySelector<HTMLElement>('.count');
      if (!el) return;
      const r = composer.getBoundingClientRect();
      el.style.left = `${Math.max(8, Math.min(r.right - el.offsetWidth, innerWidth - el.offsetWidth - 8))}px`;
      el.style.top = `${Math.max(8, Math.min(r.bottom + 4, innerHeight - el.offsetHeight - 8))}px`;
    };
    const measure = () => {
      const mine = ++seq;
      const text = composer.textContent ?? '';
      request('text.length', { channel, text: text.slice(0, 50_000) })
        .then((r) => {
          if (mine !== seq) return;
          host.render(h(CharCount, r));
          place();
        })
        .catch(options.onError);
    };
    const onInput = () => {
      clearTimeout(timer);
      timer = setTimeout(measure, 120);
    };
    const observer = new MutationObserver(onInput);
    observer.observe(composer, { childList: true, characterData: true, subtree: true });
    // Fixed position: follow the composer when the page scrolls; go away with it.
    let frame = 0;
    const follow = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!composer.isConnected) counter?.stop();
        else place();
      });
    };
    addEventListener('scroll', follow, true);
    addEventListener('resize', follow);
    doc.body.append(host.host);
    measure();
    counter = {
      host,
      composer,
      stop: () => {
        removeEventListener('scroll', follow, true);
        removeEventListener('resize', follow);
        cancelAnimationFrame(frame);
        observer.disconnect();
        clearTimeout(timer);
        host.destroy();
        counter = null;
      },
    };
  };

  signal.addEventListener(
    'abort',
    () => {
      closePalette(false);
      counter?.stop();
    },
    { once: true },
  );

  const controller: SnippetController = {
    async openFromToolbar(postEl, anchor, started) {
      const composer = await adapter.openReplyBox(postEl, doc);
      composer?.focus({ preventScroll: true });
      // Without that reply box the palette inserts where the caret is: it does not claim to reply to the person.
      openFor(postEl, composer, anchor, composer ? replyToOf(postEl) : null, started);
    },
    openForComposer(post, composer, started) {
      openFor(post, composer, composer, replyToOf(post), started);
    },
    showCounter,
  };
  return controller;
}
