import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_MAX_HEIGHT, CARD_MIN_HEIGHT, CARD_VIEWPORT_MARGIN, cardFrameHeight, formatAmount } from '../../lib/shared/customer-card';

describe('the card frame height (what the content script takes from the card)', () => {
  it('follows the card up to the maximum, then stops (the card scrolls inside)', () => {
    expect(cardFrameHeight(300, 800)).toBe(300);
    expect(cardFrameHeight(300.2, 800)).toBe(301);
    expect(cardFrameHeight(2000, 1200)).toBe(CARD_MAX_HEIGHT);
    expect(cardFrameHeight(5, 800)).toBe(CARD_MIN_HEIGHT);
  });

  it('keeps inside a short viewport, less its margins', () => {
    expect(cardFrameHeight(500, 400)).toBe(400 - 2 * CARD_VIEWPORT_MARGIN);
    expect(cardFrameHeight(500, 20)).toBe(CARD_MIN_HEIGHT);
  });

  it('ignores anything that is not a positive finite number', () => {
    for (const bad of [null, undefined, '300', { height: 300 }, [300], NaN, Infinity, -Infinity, -1, 0, true])
      expect(cardFrameHeight(bad, 800)).toBeNull();
  });

  it('never leaves the bounds, whatever is posted', () => {
    fc.assert(
      fc.property(fc.anything(), fc.double(), (posted, viewport) => {
        const h = cardFrameHeight(posted, viewport);
        return h === null || (Number.isInteger(h) && h >= CARD_MIN_HEIGHT && h <= CARD_MAX_HEIGHT);
      }),
    );
  });
});

describe('amounts on the card', () => {
  it('carry their currency when the CRM gave one, and are plain numbers otherwise', () => {
    expect(formatAmount(4820, 'USD', 'en-US')).toBe('$4,820.00');
    expect(formatAmount(4820.5, 'EUR', 'de-DE')).toBe('4.820,50\u00a0€');
    expect(formatAmount(4820, 'JPY', 'en-US')).toBe('¥4,820');
    expect(formatAmount(4820, null, 'en-US')).toBe('4,820');
    expect(formatAmount(4820, undefined, 'en-US')).toBe('4,820');
  });

  it('shows an unknown code as given rather than failing', () => {
    expect(formatAmount(12, 'ZZ1', 'en-US')).toBe('12 ZZ1');
  });
});
