import { h } from 'preact';
import { Toolbar } from '../../components/content/Toolbar';
import toolbarCss from '../../components/content/toolbar.css?inline';
import { classifyPost, normalizeAccount } from '../shared/customer-items';
import type { Channel } from '../shared/model';
import type { SignedInAccount } from '../shared/sites/types';
import { onAbort, type PageContext, type ToolbarSlot } from './feature';
import { createPostScanner } from './scanner';
import { createScrollSpeedWatch } from './scroll-speed';
import { createShadowHost, isShadowHost } from './shadow-host';

const norm = normalizeAccount;

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
 * One toolbar per customer post the page shows, with the slots the features contribute. Mounting starts once the
 * team's settings are known; a change of brand accounts changes which posts are items, so every toolbar is redone.
 */
export function mountToolbars(ctx: PageContext, slots: readonly ToolbarSlot[]): void {
  const { adapter, doc, items, settings } = ctx;

  // Reading the site's theme forces a style recalculation: once a second is plenty, not once per post.
  let themeRead = { at: -Infinity, value: 'light' as 'light' | 'dark' };
  const currentTheme = () => {
    const now = performance.now();
    if (now - themeRead.at > 1000) themeRead = { at: now, value: adapter.theme(doc) };
    return themeRead.value;
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
        ctx.request('accounts.seen', { channel: adapter.channel, handle: signedIn.handle }).catch(ctx.onError);
      }
      const brands = current.brandAccounts[adapter.channel];
      const verdict = classifyPost(post, brands, signedIn);
      if (verdict === 'brand') items.brandReplySeen(post);
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
          postEl,
          host: ui.host,
          item: {
            initialRow: items.get(post.key),
            subscribe: (listener) => items.subscribe(post.key, listener),
            setState: async (to, note) => {
              try {
                return await items.setState(post.key, to, note);
              } catch (err) {
                ctx.onError(err);
                throw err;
              }
            },
            undo: (eventId) => items.undo(eventId),
          },
          notice: toolbarNotice(adapter.channel, brands, signedIn),
          slots,
          onCommand: (listener) => ctx.toolbars.listen(postEl, listener),
        }),
      );
      items.seen(post);
      return { host: ui.host, destroy: ui.destroy };
    },
  });

  let started = false;
  let lastBrands = '';
  const unsubscribe = settings.subscribe((s) => {
    const brands = JSON.stringify(s.brandAccounts[adapter.channel]);
    if (!started) {
      started = true;
      scanner.start();
    } else if (brands !== lastBrands) scanner.remountAll();
    lastBrands = brands;
  });
  onAbort(ctx.signal, () => {
    unsubscribe();
    scanner.stop();
    scrollSpeed.stop();
  });
}
