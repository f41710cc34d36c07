// Linear-time building blocks for the detectors. Customer text is hostile input that runs on the one background
// thread, so nothing here backtracks: URLs and emails are found by scanning characters, and every detector reads at
// most MAX_SCAN characters of a text (posts are ≤ 280 characters on X and comments ≤ 8,000 on Facebook; a longer text
// is read up to the bound and the rest is ignored).

/** How much of a text the personal-data detectors read (X posts are ≤ 280 characters, Facebook comments ≤ 8,000). */
export const MAX_SCAN = 10_000;
/** How much of a post the request / sentiment signals read (the customer says what they want early). */
export const SIGNAL_SCAN = 4_000;

/** The part of a text the detectors read. Cuts on a whitespace near the bound so no value is cut in half. */
export function scanPrefix(text: string, max = MAX_SCAN): string {
  if (text.length <= max) return text;
  const ws = text.lastIndexOf(' ', max);
  return text.slice(0, ws > max - 200 ? ws : max);
}

const isSpace = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000;
const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Top-level domains a bare "host/path" link is recognised by (links with a scheme or www. need none). */
const BARE_TLDS = new Set([
  'com',
  'net',
  'org',
  'de',
  'es',
  'uk',
  'io',
  'me',
  'co',
  'us',
  'tv',
  'ly',
  'gl',
  'be',
  'gd',
  'is',
  'app',
  'help',
  'support',
  'info',
  'biz',
  'eu',
  'fr',
  'it',
  'at',
  'ch',
  'ie',
  'mx',
  'in',
  'ca',
  'au',
]);

/** A host name: labels of 1–63 letters, digits or hyphens, a known TLD last. Checked label by label, no regex. */
export function isHostName(host: string, tlds: Set<string> = BARE_TLDS): boolean {
  if (host.length < 4 || host.length > 253) return false;
  const labels = host.toLowerCase().split('.');
  if (labels.length < 2 || !tlds.has(labels[labels.length - 1])) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return false;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (!isAsciiAlnum(c) && c !== 45) return false;
    }
  }
  return true;
}

/**
 * Spans of links: tokens (runs of non-space characters) that start with a scheme or www., or look like
 * "host.tld/path". Spans inside links are never personal data of the kind we look for (tweet ids, article ids, query
 * strings). One pass over the text.
 */
export function urlSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== '<' && text[i] !== '>' && text[i] !== '"') i++;
    if (i === start) {
      i++;
      continue;
    }
    // A token may begin with punctuation: "(see https://…)".
    let s = start;
    while (s < i && !isAsciiAlnum(text.charCodeAt(s))) s++;
    const head = text.slice(s, Math.min(i, s + 12)).toLowerCase();
    if (head.startsWith('http://') || head.startsWith('https://') || head.startsWith('www.')) {
      spans.push([s, i]);
      continue;
    }
    const slash = text.indexOf('/', s);
    if (slash > s && slash < i && isHostName(text.slice(s, slash))) spans.push([s, i]);
  }
  return spans;
}

/** Whether [start, end) overlaps any of the (sorted) spans. */
export function insideAny(spans: Array<[number, number]>, start: number, end: number): boolean {
  for (const [s, e] of spans) {
    if (s >= end) return false;
    if (start < e && end > s) return true;
  }
  return false;
}

/** The lower-cased words in the `width` characters before `index` (for context cues). */
export function wordsBefore(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}
