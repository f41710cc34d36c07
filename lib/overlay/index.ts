import { h } from 'preact';
import { Toolbar } from '../../components/Toolbar';
import { ReloadHint, RELOAD_HINT_CSS } from '../../components/ReloadHint';
import toolbarCss from '../../components/toolbar.css?inline';
import { CarebarRequestError, request, subscribeToChanges } from '../messaging/client';
import { DEFAULT_SLA } from '../sla';
import type { SiteAdapter } from '../sites/types';
import { createClock } from './clock';
import { createItemStore } from './item-store';
import { createPostScanner } from './scanner';
import { createShadowHost, isShadowHost } from './shadow-host';
import { createVisibilityWatcher } from './visibility';

/**
 * The content script's whole job: find posts with the site adapter, mount one toolbar per post, keep their rows in
 * step with the background. Returns a stop function; stop('invalidated') when the extension context went away.
 */
export function startOverlay(adapter: SiteAdapter, doc: Document = document): (reason?: 'invalidated') => void {
  const clock = createClock();
  const visibility = createVisibilityWatcher();
  let hint: ReturnType<typeof createShadowHost> | null = null;

  const showReloadHint = () => {
    if (hint || !doc.body) return;
    hint = createShadowHost(doc, RELOAD_HINT_CSS, { 'data-testid': 'carebar-reload-hint-host' });
    hint.render(h(ReloadHint, { onDismiss: () => hint?.destroy() }));
    doc.body.append(hint.host);
  };

  const onError = (err: unknown) => {
    if (err instanceof CarebarRequestError && err.code === 'disconnected') showReloadHint();
    else console.warn('[carebar]', err);
  };

  const store = createItemStore(request, onError);

  const scanner = createPostScanner({
    adapter,
    doc,
    isOwnNode: isShadowHost,
    mount(postEl, post) {
      const anchor = adapter.toolbarAnchor(postEl);
      if (!anchor) return null;
      const ui = createShadowHost(doc, toolbarCss, {
        'data-testid': 'carebar-toolbar',
        'data-carebar-id': post.key,
        'data-theme': adapter.theme(doc),
      });
      anchor.parent.insertBefore(ui.host, anchor.before);
      ui.render(
        h(Toolbar, {
          post,
          policy: DEFAULT_SLA[post.channel],
          clock,
          initialRow: store.get(post.key),
          subscribe: (listener) => store.subscribe(post.key, listener),
          onVisibility: (listener) => visibility.watch(ui.host, listener),
          setState: async (to) => {
            try {
              await store.setState(post.key, to);
            } catch (err) {
              onError(err);
              throw err;
            }
          },
        }),
      );
      store.seen(post);
      return { host: ui.host, destroy: ui.destroy };
    },
  });

  const unsubscribe = subscribeToChanges({
    onChange: (notice) => store.applyChanges(notice.items),
    onReconnect: () => void store.resync(),
    onStatus: (status) => {
      if (status === 'invalidated') showReloadHint();
    },
  });

  scanner.start();
  return (reason?: 'invalidated') => {
    unsubscribe();
    scanner.stop();
    visibility.disconnect();
    // Toolbars of an extension that is gone would only fail: remove them and say how to get them back.
    if (reason === 'invalidated') showReloadHint();
  };
}
