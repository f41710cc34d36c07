// The same public reply as the agent typed it in the site's composer and as the site then shows it in the thread:
// X prefixes the handles a reply answers ("@AcmeCustomer Hi Sam…") and shortens links (t.co, "example.com/track/1…"),
// Facebook may prefix the name of the person answered. What is left must match.

/** A reply's words without leading @handles, links, ellipses, case and spacing differences. */
export function replyWords(text: string): string {
  return text
    .normalize('NFC')
    .replace(/^(?:\s*@\w{1,50})+/u, '')
    .replace(/\bhttps?:\/\/\S+/giu, ' ')
    .replace(/\S+…/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Is `shown` (a reply read in the thread) the reply `typed` in the composer? The same words; or, when the site left
 * a person's name in front of a Facebook reply, `typed` ending it.
 */
export function sameReply(typed: string, shown: string): boolean {
  const a = replyWords(typed);
  const b = replyWords(shown);
  if (!a || !b) return false;
  return a === b || (a.length >= 20 && b.endsWith(` ${a}`));
}
