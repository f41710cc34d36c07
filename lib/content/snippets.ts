import { h } from 'preact';
import browser from 'webextension-polyfill';
import { SnippetPalette, SNIPPET_PALETTE_CSS } from '../../components/content/SnippetPalette';
import { CharCount, CHAR_COUNT_CSS } from '../../components/content/CharCount';
import type { SiteAdapter } from '../shared/sites/types';
import { insertIntoComposer, rememberCaret } from './insert-text';
import type { Request } from './request';
import { createShadowHost } from './shadow-host';

/**
 * Snippets in the site's composer: which posts have a composer answering them (the toolbar shows its
 * `carebar-snippets` button only then), the palette (floating, in Shadow DOM, anchored to the composer), the
 * Alt+Shift+S shortcut inside a composer, and the live length counter. The search index and twitter-text stay
 * in the background: this file only sends requests.
 */
export const PALETTE_SHORTCUT = { altKey: true, shiftKey: true, code: 'KeyS' } as const;

export interface SnippetController {
  /** Is a composer answering this post now? Listener is called on changes (a reply box opened, closed). */
  watchComposer(postEl: Element, listener: (available: boolean) => void): () => void;
  open(postEl: Element): void;
  /** Open for the composer that has the focus (keyboard shortcut, browser command). */
  openForFocusedComposer(): boolean;
}

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
  const watchers = new Map<Element, { listener: (available: boolean) => void; last: boolean }>();
  let palette: { host: ReturnType<typeof createShadowHost>; composer: HTMLElement; reposition: () => void; resize: ResizeObserver } | null =
    null;
  let counter: { host: ReturnType<typeof createShadowHost>; composer: HTMLElement; stop: () => void } | null = null;
  const channel = adapter.channel;

  const check = (postEl: Element, w: { listener: (available: boolean) => void; last: boolean }) => {
    const available = postEl.isConnected && adapter.findComposer(postEl, doc) !== null;
    if (available !== w.last) {
      w.last = available;
      w.listener(available);
    }
  };
  /** Toolbars mounted since the last frame: checked together, once, in the next frame (not one lookup per mount). */
  const fresh = new Set<Element>();
  let all = false;
  let pending = false;
  const recheck = () => {
    pending = false;
    const posts = all ? [...watchers.keys()] : [...fresh];
    all = false;
    fresh.clear();
    for (const postEl of posts) {
      const w = watchers.get(postEl);
      if (w) check(postEl, w);
    }
  };
  // Reply boxes appear when the agent opens one; checking on focus changes and clicks is enough and cheap.
  const scheduleRecheck = (only?: Element) => {
    if (only) fresh.add(only);
    else all = true;
    if (pending) return;
    pending = true;
    requestAnimationFrame(recheck);
  };
  const recheckAll = () => scheduleRecheck();

  /** The composer answering a toolbar post that is, or contains, `target`, with that post. */
  const answered = (target: EventTarget | null) => {
    const node = target as Node | null;
    return node ? adapter.postAnsweredBy(node, options.posts(), doc) : null;
  };

  const placeNear = (panel: HTMLElement | null, composer: HTMLElement, below = true) => {
    if (!panel) return;
    const rect = composer.getBoundingClientRect();
    const top = below ? rect.bottom + 6 : rect.top;
    panel.style.left = `${Math.max(8, Math.min(rect.left, innerWidth - panel.offsetWidth - 8))}px`;
    // Above the composer when there is no room below.
    panel.style.top = `${top + panel.offsetHeight > innerHeight - 8 ? Math.max(8, rect.top - panel.offsetHeight - 6) : top}px`;
  };

  const closePalette = (refocus: boolean) => {
    if (!palette) return;
    const { host, composer } = palette;
    removeEventListener('scroll', palette.reposition, true);
    removeEventListener('resize', palette.reposition);
    palette.resize.disconnect();
    palette = null;
    host.destroy();
    if (refocus) composer.focus({ preventScroll: true });
  };

  const openFor = (postEl: Element, composer: HTMLElement) => {
    closePalette(false);
    const started = performance.now();
    rememberCaret(composer);
    const key = options.keyOf(postEl);
    const host = createShadowHost(doc, SNIPPET_PALETTE_CSS, {
      'data-testid': 'carebar-snippet-palette-host',
      'data-theme': adapter.theme(doc),
    });
    const reposition = () => placeNear(host.host.shadowRoot?.querySelector<HTMLElement>('.palette') ?? null, composer);
    // The panel grows when the results arrive: place it again (above the composer when there is no room below).
    const resize = new ResizeObserver(reposition);
    palette = { host, composer, reposition, resize };
    host.render(
      h(SnippetPalette, {
        channelLabel: channel === 'x' ? 'X' : 'Facebook',
        search: (query) => request('snippets.search', { query, channel, key }).then((r) => r.results),
        render: (id, answers) => request('snippets.render', { id, key, channel, answers, existing: composer.textContent ?? '' }),
        insert: async (text, id) => {
          const ok = await insertIntoComposer(composer, text);
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

  // The live length counter, shown while a composer that answers a post has the focus.
  const showCounter = (composer: HTMLElement) => {
    if (counter?.composer === composer) return;
    counter?.stop();
    const host = createShadowHost(doc, CHAR_COUNT_CSS, { 'data-testid': 'carebar-char-count-host', 'data-theme': adapter.theme(doc) });
    let seq = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const measure = () => {
      const mine = ++seq;
      const text = composer.textContent ?? '';
      request('text.length', { channel, text: text.slice(0, 50_000) })
        .then((r) => {
          if (mine !== seq) return;
          host.render(h(CharCount, r));
          placeNear(host.host.shadowRoot?.querySelector<HTMLElement>('.count') ?? null, composer);
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
        else placeNear(host.host.shadowRoot?.querySelector<HTMLElement>('.count') ?? null, composer);
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

  const onFocusIn = (event: FocusEvent) => {
    recheckAll();
    const found = answered(event.composedPath()[0] ?? null);
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
  doc.addEventListener('click', recheckAll, { capture: true, signal });
  doc.defaultView?.addEventListener('keydown', onKeyDown, { capture: true, signal });
  signal.addEventListener(
    'abort',
    () => {
      browser.runtime.onMessage.removeListener(onMessage);
      closePalette(false);
      counter?.stop();
      watchers.clear();
    },
    { once: true },
  );

  const controller: SnippetController = {
    watchComposer(postEl, listener) {
      watchers.set(postEl, { listener, last: false });
      scheduleRecheck(postEl);
      return () => {
        watchers.delete(postEl);
        fresh.delete(postEl);
      };
    },
    open(postEl) {
      const composer = adapter.findComposer(postEl, doc);
      if (composer) openFor(postEl, composer);
    },
    openForFocusedComposer() {
      const found = answered(doc.activeElement);
      if (!found) return false;
      openFor(found.post, found.composer);
      return true;
    },
  };
  return controller;
}
