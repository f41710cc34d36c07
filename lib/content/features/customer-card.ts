import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { CustomerButton } from '../../../components/content/CustomerButton';
import { CARD_TOKEN_MESSAGE } from '../../shared/messaging/client';
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
    const cardOrigin = new URL(cardPage).origin;
    // The card acts only with a token the background binds to this tab and this post, handed to the frame by
    // postMessage to the extension's origin alone: the page can frame the card, but that card can do nothing.
    const handOverToken = (key: string, frame: HTMLIFrameElement) =>
      ctx
        .request('customers.cardToken', { key })
        .then(({ token }) => frame.contentWindow?.postMessage({ type: CARD_TOKEN_MESSAGE, token }, cardOrigin))
        .catch(ctx.onError);

    function CustomerSlot({ post, host, onCommand }: ToolbarSlotProps) {
      const bound = useMemo(
        () => ({
          cardUrl: `${cardPage}#${new URLSearchParams({ key: post.key, theme: host.getAttribute('data-theme') ?? 'light' })}`,
          subscribeBadge: (listener: Parameters<typeof badges.subscribe>[1]) =>
            badges.subscribe({ channel: post.channel, handle: post.authorHandle, id: post.authorId }, listener),
          onCardFrame: (frame: HTMLIFrameElement) => void handOverToken(post.key, frame),
        }),
        [post, host],
      );
      return h(CustomerButton, {
        post,
        cardUrl: bound.cardUrl,
        subscribeBadge: bound.subscribeBadge,
        onCardFrame: bound.onCardFrame,
        onCommand,
      });
    }

    return { slots: [{ at: 'identity', component: CustomerSlot }] };
  },
});
