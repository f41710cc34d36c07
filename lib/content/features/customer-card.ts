import { browser } from '../../shared/browser';
import { CARD_TOKEN_MESSAGE } from '../../shared/messaging/client';
import { cardFrameHeight } from '../../shared/customer-card';
import { createBadgeStore } from '../customer-badges';
import { defineFeature, onAbort } from '../feature';

/** How long the pointer rests on the customer chip before the card's frame is loaded ahead of a click. */
const CARD_PRELOAD_MS = 100;

/**
 * Customer card: the row's customer chip (the author, and their CRM badge once known) and the card it opens beside
 * it: an extension page in a frame, so the site cannot read it. A click, the `o` key or resting on the author opens it.
 */
export const customerCard = defineFeature({
  id: 'customer-card',
  init(ctx) {
    const badges = createBadgeStore((authors) => ctx.request('customers.badge', { authors }).then((r) => r.badges), ctx.onError);
    // An empty change is a customer-level change (link, unlink, forget, wipe): badges may differ.
    ctx.onItemsChanged((items) => items.length === 0 && badges.refreshAll());
    const cardPage = browser.runtime.getURL('/customer-card.html');
    const cardOrigin = new URL(cardPage).origin;
    // The card acts only with a token the background binds to this tab and this post, handed to the frame by
    // postMessage to the extension's origin alone: the page can frame the card, but that card can do nothing.
    const handOverToken = (key: string, frame: HTMLIFrameElement) =>
      ctx
        .request('customers.cardToken', { key })
        .then(({ token }) => frame.contentWindow?.postMessage({ type: CARD_TOKEN_MESSAGE, token }, cardOrigin))
        .catch(ctx.onError);

    return {
      shortcuts: [{ key: 'o', command: 'customer', help: 'open the customer card' }],
      toolbar(t) {
        const { post, row, host } = t;
        onAbort(
          t.signal,
          badges.subscribe({ channel: post.channel, handle: post.authorHandle, id: post.authorId }, (badge) => row.set({ badge })),
        );
        // Built once and kept (hidden) when closed: reopening shows the live card at once; it keeps itself current.
        const build = (panel: HTMLElement) => {
          const frame = panel.ownerDocument.createElement('iframe');
          frame.setAttribute('data-testid', 'carebar-customer-frame');
          frame.title = 'Customer card';
          // The address is made when the card is first opened, not for every toolbar drawn (#13).
          frame.src = `${cardPage}#${new URLSearchParams({ key: post.key, theme: host.getAttribute('data-theme') ?? 'light' })}`;
          // When the panel had to be made shorter than the card (little room), the card scrolls inside its frame.
          frame.style.maxHeight = 'inherit';
          frame.addEventListener('load', () => void handOverToken(post.key, frame));
          panel.append(frame);
          // The card says how tall it is (a bare number): taken only from this frame at the extension's origin,
          // clamped to the card's maximum and the viewport; an open card is placed again at its new size.
          const view = panel.ownerDocument.defaultView!;
          let reported: unknown = null;
          const fit = () => {
            const height = cardFrameHeight(reported, view.innerHeight);
            if (height === null) return;
            frame.style.height = `${height}px`;
            if (row.isOpen('card')) open();
          };
          view.addEventListener(
            'message',
            (event) => {
              if (event.source !== frame.contentWindow || event.origin !== cardOrigin) return;
              reported = event.data;
              fit();
            },
            { signal: t.signal },
          );
          view.addEventListener('resize', fit, { passive: true, signal: t.signal });
        };
        const options = { role: 'dialog', label: 'Customer card', className: 'card-panel', onClose: () => row.set({ cardOpen: false }) };
        const chip = () => row.root.querySelector('[data-testid="carebar-customer"]') ?? row.root;
        const open = () => {
          row.openPanel('card', chip(), build, options);
          row.set({ cardOpen: true });
        };
        t.handle('customer', () => (row.isOpen('card') ? row.closePanel('card') : open()));
        t.onCommand((command) => command === 'customer' && !row.isOpen('card') && open());
        let preload: ReturnType<typeof setTimeout> | undefined;
        t.onCustomerHover((resting) => {
          clearTimeout(preload);
          if (resting) preload = setTimeout(() => row.preparePanel('card', build, options), CARD_PRELOAD_MS);
        });
        onAbort(t.signal, () => clearTimeout(preload));
      },
    };
  },
});
