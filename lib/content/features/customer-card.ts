import { createBadgeStore } from '../customer-badges';
import { defineFeature } from '../feature';
import { loadOverlayUi } from '../overlay-ui-loader';

/** How long the pointer rests on the customer chip before the card's frame is loaded ahead of a click. */
const CARD_PRELOAD_MS = 100;

/**
 * Customer card: the row's customer chip (the author, and their CRM badge once known) and the card it opens beside
 * it: an extension page in a frame, so the site cannot read it (lib/content/card-frame.ts, part of the interactive
 * UI: loaded when the pointer rests on the chip or on the first open, with what the chip, the key and the hover do).
 * A click, the `o` key or resting on the author opens it.
 */
export const customerCard = defineFeature({
  id: 'customer-card',
  init(ctx) {
    const badges = createBadgeStore((authors) => ctx.request('customers.badge', { authors }).then((r) => r.badges), ctx.onError);
    // An empty change is a customer-level change (link, unlink, forget, wipe): badges may differ.
    ctx.onItemsChanged((items) => items.length === 0 && badges.refreshAll());

    return {
      shortcuts: [{ key: 'o', command: 'customer' }],
      toolbar(t) {
        const { post, row } = t;
        t.onDestroy(
          badges.subscribe({ channel: post.channel, handle: post.authorHandle, id: post.authorId }, (badge) => row.set({ badge })),
        );
        // What the chip, the key and the hover do is part of the interactive UI (lib/content/card-frame.ts).
        const card = (how: 'toggle' | 'open' | 'prepare') =>
          void loadOverlayUi().then((ui) => t.gone() || ui.customerCard(t, how, ctx), ctx.onError);
        t.handle('customer', () => card('toggle'));
        t.onCommand((command) => command === 'customer' && card('open'));
        let preload: ReturnType<typeof setTimeout> | undefined;
        t.onCustomerHover((resting) => {
          clearTimeout(preload);
          if (resting) preload = setTimeout(card, CARD_PRELOAD_MS, 'prepare');
        });
        t.onDestroy(() => clearTimeout(preload));
      },
    };
  },
});
