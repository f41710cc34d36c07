import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { CustomerButton } from '../../../components/content/CustomerButton';
import { createBadgeStore } from '../customer-badges';
import { defineFeature, type ToolbarSlotProps } from '../feature';

/**
 * Customer card: the toolbar's customer button with the author's CRM badge, and the card (an extension page in a
 * frame, so the site cannot read it) it opens on a click, on the 'customer' command or on author hover.
 */
export const customerCard = defineFeature({
  id: 'customer-card',
  init(ctx) {
    const badges = createBadgeStore((authors) => ctx.request('customers.badge', { authors }).then((r) => r.badges), ctx.onError);
    // An empty change is a customer-level change (link, unlink, forget, wipe): badges may differ.
    ctx.onItemsChanged((items) => items.length === 0 && badges.refreshAll());
    const cardPage = browser.runtime.getURL('/customer-card.html');

    function CustomerSlot({ post, host, onCommand }: ToolbarSlotProps) {
      const bound = useMemo(
        () => ({
          cardUrl: `${cardPage}#${new URLSearchParams({ key: post.key, theme: host.getAttribute('data-theme') ?? 'light' })}`,
          subscribeBadge: (listener: Parameters<typeof badges.subscribe>[1]) =>
            badges.subscribe({ channel: post.channel, handle: post.authorHandle, id: post.authorId }, listener),
        }),
        [post, host],
      );
      return h(CustomerButton, { post, cardUrl: bound.cardUrl, subscribeBadge: bound.subscribeBadge, onCommand });
    }

    return { slots: [{ at: 'identity', component: CustomerSlot }] };
  },
});
