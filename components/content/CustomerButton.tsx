import { useEffect, useRef, useState } from 'preact/hooks';
import type { PostInfo } from '../../lib/shared/model';
import type { ToolbarCommand } from '../../lib/content/feature';

export interface CustomerBadgeView {
  tier: string | null;
  open: number;
}

export interface CustomerButtonProps {
  post: PostInfo;
  /** The extension-origin URL of this post's customer card (framed, so the page cannot read it). */
  cardUrl: string;
  /** The author's CRM badge (tier, open tickets/orders) once known: nothing confidential. */
  subscribeBadge: (listener: (badge: CustomerBadgeView | null) => void) => () => void;
  /** The 'customer' command (author hover) opens the card. */
  onCommand: (listener: (command: ToolbarCommand) => void) => () => void;
  /** The card's frame has loaded: hand it its token (lib/content/features/customer-card.ts). */
  onCardFrame?: (frame: HTMLIFrameElement) => void;
}

/** How long the pointer rests on the customer button before the card's frame is loaded ahead of a click. */
const CARD_PRELOAD_MS = 100;

/** The customer button (name and badge) and the framed customer card it opens. */
export function CustomerButton(props: CustomerButtonProps) {
  const [cardOpen, setCardOpen] = useState(false);
  const [cardLoaded, setCardLoaded] = useState(false);
  const [badge, setBadge] = useState<CustomerBadgeView | null>(null);
  useEffect(() => {
    if (cardOpen) setCardLoaded(true);
  }, [cardOpen]);
  // A pointer resting on the customer button loads the card's frame hidden, so the click shows a card that is
  // already there (a pointer passing over a timeline loads nothing: it must rest CARD_PRELOAD_MS first).
  const cardPreload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(cardPreload.current), []);
  useEffect(() => props.subscribeBadge(setBadge), [props.subscribeBadge]);
  useEffect(() => props.onCommand((command) => command === 'customer' && setCardOpen(true)), [props.onCommand]);

  return (
    <>
      <button
        type="button"
        class="customer"
        data-testid="carebar-customer"
        aria-expanded={cardOpen}
        title="Customer card"
        onClick={() => setCardOpen(!cardOpen)}
        onPointerEnter={() => {
          clearTimeout(cardPreload.current);
          cardPreload.current = setTimeout(() => setCardLoaded(true), CARD_PRELOAD_MS);
        }}
        onPointerLeave={() => clearTimeout(cardPreload.current)}
      >
        {props.post.authorName ?? props.post.authorHandle ?? 'Customer'}
        {badge && (badge.tier || badge.open) ? (
          <span
            class="badge"
            data-testid="carebar-customer-badge"
            data-tier={badge.tier ?? ''}
            data-open={String(badge.open)}
            title={`${badge.tier ?? 'Customer'}${badge.open ? `, ${badge.open} open order(s)/ticket(s)` : ''}`}
          >
            {[badge.tier, badge.open ? `${badge.open} open` : null].filter(Boolean).join(' · ')}
          </span>
        ) : null}
      </button>
      {cardOpen || cardLoaded ? (
        // Kept (hidden) once loaded: reopening shows the live card at once; it keeps itself current. Drawn last in
        // the bar (CSS order), below the buttons.
        <iframe
          class="card"
          data-testid="carebar-customer-frame"
          title="Customer card"
          src={props.cardUrl}
          hidden={!cardOpen}
          onLoad={(e) => props.onCardFrame?.(e.currentTarget)}
        />
      ) : null}
    </>
  );
}
