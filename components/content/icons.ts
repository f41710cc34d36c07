// The toolbar's icons: CSS masks painted with the page's current colour, so they follow X's and Facebook's light and
// dark themes like the sites' own action icons. Paths are Lucide's (https://lucide.dev, ISC licence), 24×24 grid,
// stroked; only the dozen the overlay uses are here, so nothing else ships.
const PATHS = {
  clock: ['c:12,12,10', 'M12 6v6l4 2'],
  pause: ['M14 4h4v16h-4z', 'M6 4h4v16H6z'],
  checkCircle: ['c:12,12,10', 'm9 12 2 2 4-4'],
  checkCheck: ['M18 6 7 17l-5-5', 'm22 10-7.5 7.5L13 16'],
  user: ['M19 21v-2a4 4 0 0 0-4-4H9a4 4 0 0 0-4 4v2', 'c:12,7,4'],
  userCheck: ['m16 11 2 2 4-4', 'M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2', 'c:9,7,4'],
  mail: ['M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z', 'm22 7-8.97 5.7a1.94 1.94 0 0 1-2.06 0L2 7'],
  lock: ['M5 11h14a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z', 'M7 11V7a5 5 0 0 1 10 0v4'],
  snippets: ['M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z', 'M13 8H7', 'M17 12H7'],
  more: ['c:12,12,1', 'c:19,12,1', 'c:5,12,1'],
  flag: ['M4 15s1-1 4-1 5 2 8 2 4-1 4-1V3s-1 1-4 1-5-2-8-2-4 1-4 1z', 'M4 22v-7'],
  slash: ['c:12,12,10', 'M9 15l6-6'],
  undo: ['M3 7v6h6', 'M21 17a9 9 0 0 0-9-9 9 9 0 0 0-6 2.3L3 13'],
  info: ['c:12,12,10', 'M12 16v-4', 'M12 8h.01'],
  alert: ['m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3', 'M12 9v4', 'M12 17h.01'],
} as const;

export type IconName = keyof typeof PATHS;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A part as path data: 'c:cx,cy,r' is a circle. */
function toPath(part: string): string {
  if (!part.startsWith('c:')) return part;
  const [cx, cy, r] = part.slice(2).split(',').map(Number);
  return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
}

/**
 * An icon as an empty span painted with the page's current colour through a CSS mask of the same path (the rules
 * come from iconCss()): for the parts drawn later (the DM chip, notices, the menu). An SVG element costs several
 * times an HTML one to clone and to insert (#13). The row at rest paints its icons on its own elements instead
 * (class `mi` and a size, `data-i` the icon's name, painted in its ::before): no element per icon at all.
 */
export function maskIcon(doc: Document, name: IconName, size: 14 | 16 | 18 = 18): HTMLSpanElement {
  const span = doc.createElement('span');
  span.className = `i m s${size}`;
  span.setAttribute('data-i', name);
  span.setAttribute('aria-hidden', 'true');
  return span;
}

/** The masks of maskIcon() and of the `mi` elements, made from the same paths when the row's stylesheet is first built (no bytes shipped twice). */
export function iconCss(): string {
  // forced-color-adjust: in Windows' high-contrast mode a forced background would paint every icon the page colour.
  let css =
    '.m,.mi:before{width:var(--is);height:var(--is);background-color:currentColor;forced-color-adjust:none;-webkit-mask:var(--m) center/contain no-repeat;mask:var(--m) center/contain no-repeat}' +
    '.mi:before{content:"";flex:none;display:block}.s14{--is:14px}.s16{--is:16px}.s18{--is:18px}';
  for (const name of Object.keys(PATHS) as IconName[]) {
    const svg =
      `<svg xmlns="${SVG_NS}" viewBox="0 0 24 24" fill="none" stroke="#000" stroke-width="2" stroke-linecap="round" ` +
      `stroke-linejoin="round"><path d="${PATHS[name].map(toPath).join('')}"/></svg>`;
    css += `[data-i="${name}"]{--m:url("data:image/svg+xml,${encodeURIComponent(svg)}")}`;
  }
  return css;
}
