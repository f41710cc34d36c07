import { boxOf, placePanel, type Box } from '../../components/content/place';
import { browser } from '../shared/browser';
import type { SiteAdapter } from '../shared/sites/types';
import { insertIntoComposer, rememberCaret } from './insert-text';
import type { OverlayUi } from './overlay-ui';
import { loadOverlayUi } from './overlay-ui-loader';
import type { Request } from './request';
import { createShadowHost } from './shadow-host';

/**
 * Snippets where the agent replies: the palette (floating, in Shadow DOM) opens at the reply box in use — the one
 * answering the post, or (Facebook) the comment's own reply box opened for it — inside the viewport and never over
 * the box or its Reply button; where no box can be opened it opens beside the toolbar and inserts into the box the
 * caret was last in. Also Alt+Shift+S inside a composer, and the live length counter. The search index and
 * twitter-text stay in the background: this file only sends requests.
 */
export const PALETTE_SHORTCUT = { altKey: true, shiftKey: true, code: 'KeyS' } as const;

export interface SnippetController {
  /** The toolbar's Snippets button (or the `s` key): open the post's reply box and the palette at it. */
  openFromToolbar(postEl: Element, anchor: Element): Promise<void>;
  /** Open for the composer that has the focus (keyboard shortcut, browser command). */
  openForFocusedComposer(): boolean;
}

/** The team's language: its snippets are listed first (the browser's language, as the agents work in it). */
const teamLanguage = () => (typeof navigator !== 'undefined' && navigator.language) || 'en';

export function createSnippetController(options: {
  adapter: SiteAdapter;
  doc: Document;
  /** The item key of a post element (data-carebar-id), null when it carries no toolbar. */
  keyOf: (postEl: Element) => string | null;
  /** Post elements with toolbars. */
  posts: () => Element[];
  request: Request;
  onError: (err: unknown) => void;
  /** Ends every listener, the palette and the counter. */
  signal: AbortSignal;
}): SnippetController {
  const { adapter, doc, request, signal } = options;
  let palette: {
    host: ReturnType<typeof createShadowHost>;
    reposition: () => void;
    resize: ResizeObserver;
    refocus: HTMLElement | null;
  } | null = null;
  let counter: { host: ReturnType<typeof createShadowHost>; composer: HTMLElement; stop: () => void } | null = null;
  /** The reply box the caret was last in: where a palette opened beside a toolbar inserts. */
  let lastComposer: HTMLElement | null = null;
  const channel = adapter.channel;

  /** The composer answering a toolbar post that is, or contains, `target`, with that post. */
  const answered = (target: EventTarget | null) => {
    const node = target as Node | null;
    return node ? adapter.postAnsweredBy(node, options.posts(), doc) : null;
  };

  // The palette and the counter are drawn by the interactive UI, loaded on first use: a palette asked for while it
  // loads opens once it is there, unless another was asked for (or this one closed) meanwhile.
  let paletteSeq = 0;
  const closePalette = (refocus: boolean) => {
    paletteSeq++;
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
  const openFor = (postEl: Element, composer: HTMLElement | null, anchor: Element, replyTo: string | null) => {
    closePalette(false);
    const started = performance.now();
    if (composer) rememberCaret(composer);
    const mine = ++paletteSeq;
    loadOverlayUi().then((ui) => {
      if (mine === paletteSeq && !signal.aborted) drawPalette(ui, started, postEl, composer, anchor, replyTo);
    }, options.onError);
  };

  const drawPalette = (
    ui: OverlayUi,
    started: number,
    postEl: Element,
    composer: HTMLElement | null,
    anchor: Element,
    replyTo: string | null,
  ) => {
    const { h, SnippetPalette, SNIPPET_PALETTE_CSS } = ui;
    const key = options.keyOf(postEl);
    const target = () => (composer?.isConnected ? composer : lastComposer?.isConnected ? lastComposer : null);
    const host = createShadowHost(ui, doc, SNIPPET_PALETTE_CSS, {
      'data-testid': 'carebar-snippet-palette-host',
      'data-theme': adapter.theme(doc),
      'data-site': channel,
    });
    // Never over the reply box being typed in, nor its Reply button.
    const avoid = (): Box[] => {
      const box = target();
      if (!box) return [boxOf(anchor)];
      const submit = adapter.findSubmitButton(box, doc);
      return [boxOf(box), ...(submit ? [boxOf(submit)] : [])];
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
  let counterFor: HTMLElement | null = null;
  const showCounter = (composer: HTMLElement) => {
    if (counterFor === composer) return;
    counterFor = composer;
    loadOverlayUi().then((ui) => {
      if (counterFor === composer && !signal.aborted) drawCounter(ui, composer);
    }, options.onError);
  };
  const drawCounter = (ui: OverlayUi, composer: HTMLElement) => {
    const { h, CharCount, CHAR_COUNT_CSS } = ui;
    counter?.stop();
    counterFor = composer;
    const host = createShadowHost(ui, doc, CHAR_COUNT_CSS, { 'data-testid': 'carebar-char-count-host', 'data-theme': adapter.theme(doc) });
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
        if (counterFor === composer) counterFor = null;
      },
    };
  };

  const onFocusIn = (event: FocusEvent) => {
    const node = event.composedPath()[0] as HTMLElement | undefined;
    const editable = node?.closest?.('[contenteditable="true"]');
    if (editable instanceof HTMLElement && !editable.closest('carebar-overlay')) lastComposer = editable;
    const found = answered(node ?? null);
    if (found) showCounter(found.composer);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.altKey && event.shiftKey && event.code === PALETTE_SHORTCUT.code) || event.ctrlKey || event.metaKey) return;
    if (controller.openForFocusedComposer()) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  // The remappable browser command (wxt.config.ts `commands`), relayed by the background to this tab.
  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id === browser.runtime.id && (message as { carebarCommand?: unknown })?.carebarCommand === 'open-snippets')
      controller.openForFocusedComposer();
  };
  browser.runtime.onMessage.addListener(onMessage);
  doc.addEventListener('focusin', onFocusIn, { capture: true, signal });
  doc.defaultView?.addEventListener('keydown', onKeyDown, { capture: true, signal });
  signal.addEventListener(
    'abort',
    () => {
      browser.runtime.onMessage.removeListener(onMessage);
      closePalette(false);
      counter?.stop();
    },
    { once: true },
  );

  const controller: SnippetController = {
    async openFromToolbar(postEl, anchor) {
      const composer = await adapter.openReplyBox(postEl, doc);
      if (composer) {
        composer.focus({ preventScroll: true });
        lastComposer = composer;
      }
      // Without that reply box the palette inserts where the caret is: it does not claim to reply to the person.
      openFor(postEl, composer, anchor, composer ? replyToOf(postEl) : null);
    },
    openForFocusedComposer() {
      const found = answered(doc.activeElement);
      if (!found) return false;
      openFor(found.post, found.composer, found.composer, replyToOf(found.post));
      return true;
    },
  };
  return controller;
}
