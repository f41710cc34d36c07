import { h, options as preactOptions, type ComponentChild } from 'preact';
import browser from 'webextension-polyfill';
import { ReloadHint, RELOAD_HINT_CSS } from '../../components/content/ReloadHint';
import { ShortcutHelp, SHORTCUT_HELP_CSS } from '../../components/content/ShortcutHelp';
import { Toolbar, type ToolbarCommand } from '../../components/content/Toolbar';
import toolbarCss from '../../components/content/toolbar.css?inline';
import { CarebarRequestError, request, subscribeToChanges } from '../shared/messaging/client';
import { policyFor, type SlaPolicy } from '../shared/sla';
import type { Settings } from '../shared/settings';
import type { SignedInAccount, SiteAdapter } from '../shared/sites/types';
import { classifyPost, normalizeAccount } from '../shared/customer-items';
import type { Channel } from '../shared/model';
import { createClock } from './clock';
import { createItemStore } from './item-store';
import { createBadgeStore } from './customer-badges';
import { createPostScanner } from './scanner';
import { createSettingsStore } from './settings-store';
import { createShadowHost, isShadowHost } from './shadow-host';
import { createSnippetController } from './snippets';
import { installShortcuts } from './shortcuts';
import { watchReplySubmissions } from './reply-detection';
import { watchAuthorHover } from './author-hover';
import { createDmOverlay } from './dm-overlay';
import { createVisibilityWatcher } from './visibility';
import { createScrollSpeedWatch } from './scroll-speed';

const norm = normalizeAccount;

// Preact runs effects after the next animation frame, and asking for one makes the browser render a frame of the
// whole page (heavy on X) even when nothing else changed. Run them in the next task instead: what they change is
// drawn in the frame the page renders anyway. (This content script's own copy of Preact: the page is not affected.)
(preactOptions as { requestAnimationFrame?: (flush: () => void) => void }).requestAnimationFrame = (flush) => setTimeout(flush);

/** What the agent should know before replying from this tab. */
function toolbarNotice(channel: Channel, brands: string[], signedIn: SignedInAccount | null): string | null {
  if (brands.length === 0) return 'No brand accounts set: every post counts';
  if (signedIn?.handle && !brands.some((b) => norm(b) === norm(signedIn.handle!) || norm(b) === norm(signedIn.name ?? ''))) {
    const at = channel === 'x' ? '@' : '';
    return `You are signed in as ${at}${signedIn.handle}, not ${at}${brands[0].replace(/^@/, '')}`;
  }
  return null;
}

/**
 * The content script's whole job: find posts with the site adapter, mount one toolbar per post, keep their rows in
 * step with the background. Returns a stop function; stop('invalidated') when the extension context went away.
 */
export function startOverlay(adapter: SiteAdapter, doc: Document = document): (reason?: 'invalidated') => void {
  const clock = createClock();
  const visibility = createVisibilityWatcher();
  const commandListeners = new Map<Element, (command: ToolbarCommand) => void>();
  const floating = new Map<string, ReturnType<typeof createShadowHost>>();

  /** A single floating panel (reload hint, shortcut help), toggled by name. */
  const toggleFloating = (name: string, css: string, render: (close: () => void) => ComponentChild, show?: boolean) => {
    const existing = floating.get(name);
    if (existing && show !== true) {
      existing.destroy();
      floating.delete(name);
      return;
    }
    if (existing || show === false || !doc.body) return;
    const ui = createShadowHost(doc, css, { 'data-testid': `${name}-host` });
    const close = () => toggleFloating(name, css, render, false);
    ui.render(render(close));
    doc.body.append(ui.host);
    floating.set(name, ui);
  };
  const showReloadHint = () =>
    toggleFloating('carebar-reload-hint', RELOAD_HINT_CSS, (close) => h(ReloadHint, { onDismiss: close }), true);

  const onError = (err: unknown) => {
    if (err instanceof CarebarRequestError && err.code === 'disconnected') showReloadHint();
    else console.warn('[carebar]', err);
  };

  const store = createItemStore(request, onError);
  const badges = createBadgeStore((authors) => request('customers.badge', { authors }).then((r) => r.badges), onError);
  const customerCardPage = browser.runtime.getURL('/customer-card.html');
  const settings = createSettingsStore(() => request('settings.get', {}).then((r) => r.settings), onError);
  // Move-to-DM prompt, close the loop, reply guard (issue 6); the guard listens on the window, ahead of reply detection.
  const dmUi = createDmOverlay({ adapter, doc, store, settings, posts: () => [...commandListeners.keys()], onError });
  const snippetUi = createSnippetController({ adapter, doc, keyOf: (el) => el.getAttribute('data-carebar-id'), posts: () => [...commandListeners.keys()], onError });

  // Reading the site's theme forces a style recalculation: once a second is plenty, not once per post.
  let themeRead = { at: -Infinity, value: 'light' as 'light' | 'dark' };
  const currentTheme = () => {
    const now = performance.now();
    if (now - themeRead.at > 1000) themeRead = { at: now, value: adapter.theme(doc) };
    return themeRead.value;
  };

  // One policy object per settings version: every toolbar gets the same one, so an unchanged policy re-renders nothing.
  let policyCache: { settings: Settings; policy: SlaPolicy } | null = null;
  const policyOf = (s: Settings) => {
    if (policyCache?.settings !== s) policyCache = { settings: s, policy: policyFor(s, adapter.channel) };
    return policyCache.policy;
  };

  // Posts flung past get no toolbar (they get one once the scroll slows or rests, or every 3 s of flinging): a
  // fast scroll through a heavy timeline stays smooth.
  const scrollSpeed = createScrollSpeedWatch(doc);

  let reportedAccount: string | null = null;
  const scanner = createPostScanner({
    adapter,
    doc,
    isOwnNode: isShadowHost,
    holdNewPosts: scrollSpeed.holdFor,
    maxHoldMs: 3000,
    mount(postEl, post) {
      const current = settings.get();
      if (!current) return null; // the scan starts once settings are loaded
      const signedIn = adapter.signedInAccount(doc);
      if (signedIn?.handle && signedIn.handle !== reportedAccount) {
        reportedAccount = signedIn.handle;
        request('accounts.seen', { channel: adapter.channel, handle: signedIn.handle }).catch(onError);
      }
      const brands = current.brandAccounts[adapter.channel];
      const verdict = classifyPost(post, brands, signedIn);
      if (verdict === 'brand') store.brandReplySeen(post);
      if (verdict !== 'item') return null;
      const anchor = adapter.toolbarAnchor(postEl);
      if (!anchor) return null;
      const ui = createShadowHost(doc, toolbarCss, {
        'data-testid': 'carebar-toolbar',
        'data-carebar-id': post.key,
        'data-theme': currentTheme(),
      });
      anchor.parent.insertBefore(ui.host, anchor.before);
      ui.render(
        h(Toolbar, {
          post,
          clock,
          initialRow: store.get(post.key),
          subscribe: (listener) => store.subscribe(post.key, listener),
          subscribePolicy: (listener) => settings.subscribe((s) => listener(policyOf(s))),
          initialPolicy: policyOf(current),
          onVisibility: (listener) => visibility.watch(ui.host, listener),
          onCommand: (listener) => {
            commandListeners.set(postEl, listener);
            return () => commandListeners.delete(postEl);
          },
          setState: async (to, note) => {
            try {
              return await store.setState(post.key, to, note);
            } catch (err) {
              onError(err);
              throw err;
            }
          },
          undo: (eventId) => store.undo(eventId),
          notice: toolbarNotice(adapter.channel, brands, signedIn),
          customerCardUrl: `${customerCardPage}#${new URLSearchParams({ key: post.key, theme: currentTheme() })}`,
          subscribeBadge: (listener) => badges.subscribe({ channel: post.channel, handle: post.authorHandle, id: post.authorId }, listener),
          snippets: { watch: (listener) => snippetUi.watchComposer(postEl, listener), open: () => snippetUi.open(postEl) },
          ...dmUi.toolbarProps(postEl, post),
        }),
      );
      store.seen(post);
      return { host: ui.host, destroy: ui.destroy };
    },
  });

  const removeShortcuts = installShortcuts({
    doc,
    posts: () => adapter.findPosts(doc).filter((el) => commandListeners.has(el)),
    send: (post, command) => commandListeners.get(post)?.(command),
    toggleHelp: () => toggleFloating('carebar-shortcut-help', SHORTCUT_HELP_CSS, (close) => h(ShortcutHelp, { onClose: close })),
  });

  const stopWatchingReplies = watchReplySubmissions({
    adapter,
    doc,
    posts: () => [...commandListeners.keys()],
    onSubmit: (post) => {
      const key = post.getAttribute('data-carebar-id');
      if (key) store.agentReplied(key).catch(onError);
      dmUi.replySubmitted(post);
    },
  });

  const stopWatchingHover = watchAuthorHover({
    adapter,
    doc,
    hasToolbar: (post) => commandListeners.has(post),
    open: (post) => commandListeners.get(post)?.('customer'),
  });

  const unsubscribe = subscribeToChanges({
    onChange: (notice) => {
      if (notice.type === 'items.changed') {
        store.applyChanges(notice.items);
        // An empty change is a customer-level change (link, unlink, forget, wipe): badges may differ.
        if (notice.items.length === 0) badges.refreshAll();
      }
      else settings.set(notice.settings);
    },
    onReconnect: () => {
      void store.resync();
      void settings.refresh();
    },
    onStatus: (status) => {
      if (status === 'invalidated') queueMicrotask(() => stop('invalidated'));
    },
  });

  // Mount only once the team's settings are known; a change of brand accounts changes which posts are items.
  let started = false;
  let lastBrands = '';
  const unsubscribeSettings = settings.subscribe((s) => {
    const brands = JSON.stringify(s.brandAccounts[adapter.channel]);
    if (!started) {
      started = true;
      scanner.start();
    } else if (brands !== lastBrands) scanner.remountAll();
    lastBrands = brands;
  });
  let stopped = false;
  function stop(reason?: 'invalidated') {
    if (!stopped) {
      stopped = true;
      unsubscribe();
      unsubscribeSettings();
      removeShortcuts();
      stopWatchingReplies();
      stopWatchingHover();
      snippetUi.stop();
      dmUi.stop();
      scanner.stop();
      visibility.disconnect();
      scrollSpeed.stop();
    }
    // Toolbars of an extension that is gone would only fail: remove them and say how to get them back.
    if (reason === 'invalidated') showReloadHint();
  }
  return stop;
}
