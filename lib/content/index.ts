import { showReloadHint as drawReloadHint } from '../../components/content/ReloadHint';
import { CarebarRequestError, request, subscribeToChanges } from '../shared/messaging/client';
import type { PostInfo } from '../shared/model';
import type { ItemRow } from '../shared/records';
import type { SiteAdapter } from '../shared/sites/types';
import { onAbort, type Feature, type PageContext, type Shortcut } from './feature';
import { FEATURES } from './features';
import { createItemStore } from './item-store';
import { createSettingsStore } from './settings-store';
import { createSubmitDetector } from './submit-detector';
import { loadOverlayUi } from './overlay-ui-loader';
import { createToolbarRegistry } from './toolbar-registry';
import { mountToolbars } from './toolbar-mount';

/**
 * The content script's whole job: start every feature with one page context, mount one toolbar per customer post
 * with the slots they contribute, and keep rows and settings in step with the background. Everything stops when
 * `signal` aborts (WXT's ctx.signal: the extension was reloaded or updated); the page then shows how to get the
 * toolbars back.
 */
export function startOverlay(site: SiteAdapter, options: { signal: AbortSignal; doc?: Document; features?: readonly Feature[] }): void {
  const doc = options.doc ?? document;
  const adapter = withAccountReadOncePerSecond(site);
  // Our own controller: a dead messaging channel ends the page's overlay too, not only WXT's invalidation.
  const page = new AbortController();
  onAbort(options.signal, () => page.abort());
  const signal = page.signal;

  const showReloadHint = () => drawReloadHint(doc);
  const onError = (err: unknown) => {
    if (err instanceof CarebarRequestError && err.code === 'disconnected') showReloadHint();
    else console.warn('[carebar]', err);
  };
  const toolbars = createToolbarRegistry();
  const itemListeners: ((items: ItemRow[]) => void)[] = [];
  let shortcuts: Shortcut[] = [];
  // Post readings by element, shared by the scanner (which reads every post it visits) and later page-wide questions.
  const readings = new WeakMap<Element, PostInfo>();
  const settings = createSettingsStore(
    () => request('settings.get', {}).then((r) => r.settings),
    onError,
    () => loadOverlayUi().then((ui) => ui.defaultSettings),
  );
  const ctx: PageContext = {
    adapter,
    doc,
    request,
    signal,
    onError,
    settings,
    items: createItemStore(request, onError),
    toolbars,
    readPost: (el) => readings.get(el) ?? adapter.readPost(el, doc.location),
    rememberPost: (el, post) => void readings.set(el, post),
    submits: createSubmitDetector({ adapter, doc, posts: toolbars.posts, signal }),
    onItemsChanged: (listener) => void itemListeners.push(listener),
    shortcuts: () => shortcuts,
  };

  const contributions = (options.features ?? FEATURES).map((feature) => feature.init(ctx) ?? {});
  shortcuts = contributions.flatMap((c) => c.shortcuts ?? []);
  mountToolbars(ctx, {
    slots: contributions.flatMap((c) => c.slots ?? []),
    hooks: contributions.flatMap((c) => (c.toolbar ? [c.toolbar] : [])),
  });

  const unsubscribe = subscribeToChanges({
    onChange: (notice) => {
      if (notice.type !== 'items.changed') return settings.set(notice.settings);
      ctx.items.applyChanges(notice.items);
      for (const listener of itemListeners) listener(notice.items);
    },
    onReconnect: () => {
      void ctx.items.resync();
      void settings.refresh();
    },
    onStatus: (status) => {
      if (status === 'invalidated') queueMicrotask(() => page.abort());
    },
  });
  onAbort(signal, () => {
    unsubscribe();
    // Toolbars of an extension that is gone would only fail: they are removed; say how to get them back.
    showReloadHint();
  });
}

/**
 * The signed-in account is read from the page's header with queries over the whole page, and every post's
 * classification asks for it (mounting, DM reasons): read it at most once a second. The adapter's other methods are
 * its own (the prototype chain keeps `this`).
 */
function withAccountReadOncePerSecond(site: SiteAdapter): SiteAdapter {
  let read = { at: -Infinity, value: null as ReturnType<SiteAdapter['signedInAccount']> };
  return Object.assign(Object.create(site) as SiteAdapter, {
    signedInAccount(doc: Document) {
      const now = performance.now();
      if (now - read.at > 1000) read = { at: now, value: site.signedInAccount(doc) };
      return read.value;
    },
  });
}
