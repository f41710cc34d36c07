// Where a floating panel (menu, tooltip, palette, card, guard) goes: next to its anchor, always inside the
// viewport, and never over the rectangles it must leave visible (the reply box being typed in, the Reply button).

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Placement {
  left: number;
  top: number;
  /** Set when the panel had to be made shorter to fit: it scrolls inside. */
  maxHeight: number | null;
  side: 'below' | 'above' | 'right' | 'left';
}

const MARGIN = 8;

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Place a panel of `size` next to `anchor` within a `viewport` (both in viewport coordinates). Tries the preferred
 * side first, then the others; the first place where the whole panel fits and covers none of `avoid` wins. When none
 * fits whole, the side with the most room is used and the panel gets a max height (it scrolls).
 */
export function choosePlacement(
  viewport: { width: number; height: number },
  anchor: Box,
  size: { width: number; height: number },
  options: { gap?: number; avoid?: Box[]; prefer?: Placement['side'][]; align?: 'start' | 'end' } = {},
): Placement {
  const gap = options.gap ?? 6;
  const avoid = options.avoid ?? [];
  const order = options.prefer ?? ['below', 'above', 'right', 'left'];
  const clampX = (x: number) => Math.max(MARGIN, Math.min(x, viewport.width - size.width - MARGIN));
  const clampY = (y: number) => Math.max(MARGIN, Math.min(y, viewport.height - size.height - MARGIN));
  const alignedX = options.align === 'end' ? anchor.right - size.width : anchor.left;
  // Below or above the anchor, stepping past what must stay visible (e.g. the reply box around its Reply button):
  // next to the anchor's stack, not over it.
  const past = (side: 'below' | 'above', top: number) => {
    const left = clampX(alignedX);
    for (let i = 0; i <= avoid.length; i++) {
      const box = { left, top, right: left + size.width, bottom: top + size.height };
      const hit = avoid.find((r) => overlaps(box, r));
      if (!hit) break;
      top = side === 'below' ? hit.bottom + gap : hit.top - gap - size.height;
    }
    return top;
  };
  const belowTop = past('below', anchor.bottom + gap);
  const aboveTop = past('above', anchor.top - gap - size.height);
  const candidates: Record<Placement['side'], { left: number; top: number; room: number }> = {
    below: { left: clampX(alignedX), top: belowTop, room: viewport.height - MARGIN - belowTop },
    above: { left: clampX(alignedX), top: aboveTop, room: aboveTop + size.height - MARGIN },
    right: { left: anchor.right + gap, top: clampY(anchor.top), room: viewport.height - 2 * MARGIN },
    left: { left: anchor.left - gap - size.width, top: clampY(anchor.top), room: viewport.height - 2 * MARGIN },
  };
  const fitsWhole = (side: Placement['side']) => {
    const c = candidates[side];
    const box = { left: c.left, top: c.top, right: c.left + size.width, bottom: c.top + size.height };
    const inside =
      box.left >= MARGIN - 0.5 &&
      box.top >= MARGIN - 0.5 &&
      box.right <= viewport.width - MARGIN + 0.5 &&
      box.bottom <= viewport.height - MARGIN + 0.5;
    return inside && !avoid.some((r) => overlaps(box, r));
  };
  for (const side of order) {
    if (fitsWhole(side)) return { left: candidates[side].left, top: candidates[side].top, maxHeight: null, side };
  }
  // Nothing fits whole: shorten the panel on the vertical side with more room (below / above), still off `avoid`.
  const vertical = (['below', 'above'] as const).filter((s) => order.includes(s));
  const sides = vertical.length ? vertical : (['below', 'above'] as const);
  const best = [...sides].sort((a, b) => candidates[b].room - candidates[a].room)[0];
  const room = Math.max(80, candidates[best].room);
  const height = Math.min(size.height, room);
  let top = best === 'below' ? candidates.below.top : candidates.above.top + size.height - height;
  top = Math.max(MARGIN, Math.min(top, viewport.height - height - MARGIN));
  let left = candidates[best].left;
  // Still covering something to keep visible (e.g. the Reply button right under the box): slide sideways off it.
  for (const r of avoid) {
    const box = { left, top, right: left + size.width, bottom: top + height };
    if (!overlaps(box, r)) continue;
    const toLeft = r.left - gap - size.width;
    const toRight = r.right + gap;
    if (toLeft >= MARGIN) left = toLeft;
    else if (toRight + size.width <= viewport.width - MARGIN) left = toRight;
  }
  return { left, top, maxHeight: height < size.height ? height : null, side: best };
}

export const boxOf = (el: Element): Box => {
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
};

/** Place a shown, position: fixed panel next to `anchor` (see choosePlacement). */
export function placePanel(panel: HTMLElement, anchor: Box, options: Parameters<typeof choosePlacement>[3] = {}): Placement {
  const view = panel.ownerDocument.defaultView!;
  panel.style.maxHeight = '';
  const size = { width: panel.offsetWidth, height: panel.offsetHeight };
  const p = choosePlacement({ width: view.innerWidth, height: view.innerHeight }, anchor, size, options);
  panel.style.left = `${Math.round(p.left)}px`;
  panel.style.top = `${Math.round(p.top)}px`;
  if (p.maxHeight !== null) panel.style.maxHeight = `${Math.floor(p.maxHeight)}px`;
  panel.setAttribute('data-side', p.side);
  return p;
}
