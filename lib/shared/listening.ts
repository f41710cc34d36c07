// Listening beyond the handle: the team's brand keywords (product names, the brand name without @, common
// misspellings), one list for all channels, matched case-insensitively on word boundaries.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cache = new Map<string, RegExp | null>();

/** One keyword per line (or as given): trimmed, blank lines and duplicates (ignoring case) dropped. */
export function normalizeKeywords(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const k = raw.trim().replace(/\s+/g, ' ');
    if (k && !seen.has(k.toLowerCase())) {
      seen.add(k.toLowerCase());
      out.push(k);
    }
  }
  return out;
}

function compile(keywords: readonly string[]): RegExp | null {
  const id = keywords.join('\n');
  if (!cache.has(id)) {
    const list = normalizeKeywords(keywords);
    // A word boundary that knows letters beyond ASCII: no letter, digit or underscore on either side.
    const words = list.map((k) => escape(k).replace(/ /g, '\\s+'));
    cache.set(id, words.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`, 'iu') : null);
    if (cache.size > 20) cache.delete(cache.keys().next().value!);
  }
  return cache.get(id)!;
}

/** Does the text name one of the keywords as a word (case-insensitive)? */
export function mentionsKeyword(text: string, keywords: readonly string[]): boolean {
  const re = compile(keywords);
  return !!re && re.test(text);
}

/** X's search for the keywords, newest first ("Latest"): a saved search the queue opens. */
export function xKeywordSearchUrl(keywords: readonly string[]): string | null {
  const list = normalizeKeywords(keywords);
  if (!list.length) return null;
  const q = list.map((k) => (/\s/.test(k) ? `"${k}"` : k)).join(' OR ');
  return `https://x.com/search?q=${encodeURIComponent(q)}&src=typed_query&f=live`;
}
