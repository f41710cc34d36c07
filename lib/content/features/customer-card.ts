import { createBadgeStore } from '../customer-badges';
import { defineFeature, onAbort } from '../feature';
import { loadOverlayUi } from '../overlay-ui-loader';

/** How long the pointer rests on the customer chip before the card's frame is loaded ahead of a click. */
const CARD_PRELOAD_MS = 100;

/**
 * Customer card: the row's customer chip (the author, and their CRM badge once known) and the card it opens beside
 * it: an extension page in a frame, so the site cannot read it (lib/content/card-frame.ts, part of the interactive
 * UI: loaded when the pointer rests on the chip or on the first open). A click, the `o` key or resting on the author
 * opens it.
 */
export const customerCard = defineFeature({
  id: 'customer-card',
  init(ctx) {
    const badges = createBadgeStore((authors) => ctx.request('customers.badge', { authors }).then((r) => r.badges), ctx.onError);
    // An empty change is a customer-level change (link, unlink, forget, wipe): badges may differ.
    ctx.onItemsChanged((items) => items.length === 0 && badges.refreshAll());

    return {
      shortcuts: [{ key: 'o', command: 'customer', help: 'open the customer card' }],
      toolbar(t) {
        const { post, row, host } = t;
        onAbort(
          t.signal,
          badges.subscribe({ channel: post.channel, handle: post.authorHandle, id: post.authorId }, (badge) => row.set({ badge })),
        );
        const options = { role: 'dialog', label: 'Customer card', className: 'card-panel', onClose: () => row.set({ cardOpen: false }) };
        const chip = () => row.root.querySelector('[data-testid="carebar-customer"]') ?? row.root;
        // The frame is built once and kept (hidden) when closed: reopening shows the live card at once.
        const withBuild = (use: (build: (panel: HTMLElement) => void) => void) =>
          loadOverlayUi().then((ui) => {
            if (t.signal.aborted) return;
            use((panel) =>
              ui.buildCardFrame(panel, {
                key: post.key,
                theme: host.getAttribute('data-theme') ?? 'light',
                request: ctx.request,
                onError: ctx.onError,
                signal: t.signal,
                onResize: () => row.isOpen('card') && open(),
              }),
            );
          }, ctx.onError);
        const open = () =>
          withBuild((build) => {
            row.openPanel('card', chip(), build, options);
            row.set({ cardOpen: true });
          });
        t.handle('customer', () => void (row.isOpen('card') ? row.closePanel('card') : open()));
        t.onCommand((command) => command === 'customer' && !row.isOpen('card') && void open());
        let preload: ReturnType<typeof setTimeout> | undefined;
        t.onCustomerHover((resting) => {
          clearTimeout(preload);
          if (resting) preload = setTimeout(() => void withBuild((build) => row.preparePanel('card', build, options)), CARD_PRELOAD_MS);
        });
        onAbort(t.signal, () => clearTimeout(preload));
      },
    };
  },
});
