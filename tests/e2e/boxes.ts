// Geometry of elements' bounding boxes, for the placement checks of the e2e specs.

export type Box = { x: number; y: number; width: number; height: number };

export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Wholly inside the viewport. */
export const inside = (a: Box, viewport: { width: number; height: number }) =>
  a.x >= 0 && a.y >= 0 && a.x + a.width <= viewport.width && a.y + a.height <= viewport.height;

/** The gap between two boxes that do not overlap (0 when they touch), along the axis that separates them. */
export const gapBetween = (a: Box, b: Box) =>
  Math.max(0, Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width), Math.max(a.y, b.y) - Math.min(a.y + a.height, b.y + b.height));
