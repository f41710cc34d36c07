import type { Finding, ThreadShape } from './types';

/** Customer → brand turn-takings in a thread, in page order (c = customer, b = brand; others are left out). */
export function countExchanges(shape: ThreadShape): number {
  let exchanges = 0;
  let waitingForBrand = false;
  for (const who of shape) {
    if (who === 'c') waitingForBrand = true;
    else if (who === 'b' && waitingForBrand) {
      exchanges++;
      waitingForBrand = false;
    }
  }
  return exchanges;
}

/** A long public back-and-forth: at least `min` exchanges between the customer and the brand in one thread. */
export function findLongThread(shape: ThreadShape | undefined, textLength: number, min = 3): Finding[] {
  if (!shape || countExchanges(shape) < min) return [];
  return [{ reason: 'long-thread', start: 0, end: textLength }];
}
