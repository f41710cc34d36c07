import { parseCount, type EngagementCounts } from '../../../shared/viral';

// Facebook shows a post's reactions ("All reactions:" then the total; or one "Like: 162 people" label per reaction
// kind), "782 comments" and "114 shares"; a comment shows "3 reactions; see who reacted to this". Stored as
// likes / replies / reposts (see EngagementCounts). English UI texts.

const STAT = /^\s*(\d[\d,.\u00a0\u202f]*\s*[KM]?)\s+(comments?|shares?)\s*$/i;
const KIND_LABEL = /^[\p{L} ]{2,20}: (\d[\d,.]*\s*[KM]?) (?:people|person)$/u;
const COMMENT_REACTIONS = /^(\d[\d,.]*\s*[KM]?) reactions?; see who reacted/i;

/** Elements of `el` itself, not of a comment article nested in it. */
const own = (el: Element, selector: string) =>
  [...el.querySelectorAll(selector)].filter((n) => {
    const article = n.closest('[role="article"]');
    return !article || article === el || !el.contains(article);
  });

/** The public counts of one Facebook post or comment (as the adapter finds it); null when none is shown. */
export function readFacebookEngagement(el: Element): EngagementCounts | null {
  const counts: EngagementCounts = { replies: null, reposts: null, likes: null, views: null, authorFollowers: null };
  let kindsTotal: number | null = null;
  for (const n of own(el, '[aria-label]')) {
    const label = n.getAttribute('aria-label') ?? '';
    const kind = label.match(KIND_LABEL);
    if (kind) kindsTotal = (kindsTotal ?? 0) + (parseCount(kind[1]) ?? 0);
    const onComment = label.match(COMMENT_REACTIONS);
    if (onComment && counts.likes === null) counts.likes = parseCount(onComment[1]);
  }
  for (const n of own(el, 'span, div')) {
    const text = n.childElementCount <= 1 ? (n.textContent ?? '') : '';
    if (text.length > 40) continue;
    if (text.trim() === 'All reactions:') {
      const total = parseCount(n.nextElementSibling?.textContent ?? '');
      if (total !== null) counts.likes = total;
      continue;
    }
    const stat = text.match(STAT);
    if (!stat) continue;
    const field = stat[2].toLowerCase().startsWith('comment') ? 'replies' : 'reposts';
    counts[field] ??= parseCount(stat[1]);
  }
  counts.likes ??= kindsTotal;
  return counts.likes === null && counts.replies === null && counts.reposts === null ? null : counts;
}
