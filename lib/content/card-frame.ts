import { browser } from '../shared/browser';
import { cardFrameHeight } from '../shared/customer-card';
import { CARD_TOKEN_MESSAGE } from '../shared/messaging/client';
import type { PageContext, ToolbarHandle } from './feature';
import type { Request } from './request';

const CARD_OPTIONS = { role: 'dialog', label: 'Customer card', className: 'card-panel' } as const;

/**
 * A toolbar's customer card, as the agent reaches it (lib/content/features/customer-card.ts hands the gesture over):
 * 'toggle' (a click on the chip) opens or closes it, 'open' (the `o` key, resting on the author) opens it if closed,
 * 'prepare' (the pointer resting on the chip) builds it hidden, so the click shows it at once. The frame is built once
 * and kept (hidden) when closed: reopening shows the live card at once.
 */
export function customerCard(t: ToolbarHandle, how: 'toggle' | 'open' | 'prepare', ctx: Pick<PageContext, 'request' | 'onError'>): void {
  const { row, post, host } = t;
  const options = { ...CARD_OPTIONS, onClose: () => row.set({ cardOpen: false }) };
  const build = (panel: HTMLElement) =>
    buildCardFrame(panel, {
      key: post.key,
      theme: host.getAttribute('data-theme') ?? 'light',
      request: ctx.request,
      onError: ctx.onError,
      signal: t.signal,
      onResize: () => row.isOpen('card') && show(),
    });
  const show = () => {
    row.openPanel('card', row.root.querySelector('[data-testid="carebar-customer"]') ?? row.root, build, options);
    row.set({ cardOpen: true });
  };
  if (how === 'prepare') row.preparePanel('card', build, options);
  else if (!row.isOpen('card')) show();
  else if (how === 'toggle') row.closePanel('card');
}

/**
 * The customer card's frame, built into its panel when the card is first opened (or prepared while the pointer rests
 * on the customer chip): an extension page in a frame, so the site cannot read it. Part of the interactive UI
 * (overlay-ui.js), loaded on first use by lib/content/features/customer-card.ts.
 */
export function buildCardFrame(
  panel: HTMLElement,
  options: {
    key: string;
    theme: string;
    request: Request;
    onError: (err: unknown) => void;
    /** Ends the frame's listeners (the toolbar went away). */
    signal: AbortSignal;
    /** The card reported a new height: place the open card again. */
    onResize: () => void;
  },
): void {
  const { key, signal } = options;
  const cardPage = browser.runtime.getURL('/customer-card.html');
  const cardOrigin = new URL(cardPage).origin;
  const frame = panel.ownerDocument.createElement('iframe');
  frame.setAttribute('data-testid', 'carebar-customer-frame');
  frame.title = 'Customer card';
  frame.src = `${cardPage}#${new URLSearchParams({ key, theme: options.theme })}`;
  // When the panel had to be made shorter than the card (little room), the card scrolls inside its frame.
  frame.style.maxHeight = 'inherit';
  // The card acts only with a token the background binds to this tab and this post, handed to the frame by
  // postMessage to the extension's origin alone: the page can frame the card, but that card can do nothing.
  frame.addEventListener('load', () => {
    options
      .request('customers.cardToken', { key })
      .then(({ token }) => frame.contentWindow?.postMessage({ type: CARD_TOKEN_MESSAGE, token }, cardOrigin))
      .catch(options.onError);
  });
  panel.append(frame);
  // The card says how tall it is (a bare number): taken only from this frame at the extension's origin, clamped to
  // the card's maximum and the viewport; an open card is placed again at its new size.
  const view = panel.ownerDocument.defaultView!;
  let reported: unknown = null;
  const fit = () => {
    const height = cardFrameHeight(reported, view.innerHeight);
    if (height === null) return;
    frame.style.height = `${height}px`;
    options.onResize();
  };
  view.addEventListener(
    'message',
    (event) => {
      if (event.source !== frame.contentWindow || event.origin !== cardOrigin) return;
      reported = event.data;
      fit();
    },
    { signal },
  );
  view.addEventListener('resize', fit, { passive: true, signal });
}
