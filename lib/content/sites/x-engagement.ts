import { parseCount, type EngagementCounts } from '../../shared/viral';

// X's action bar names its counts in aria-labels: the bar itself ("15 replies, 1003 reposts, 8783 likes,
// 729 bookmarks, 89562 views" — a zero count is left out) and each button ("15 Replies. Reply",
// "1003 reposts. Repost", "8784 Likes. Like", "89532 views. View post analytics"). English UI labels.

const COUNT = String.raw`(\d[\d,.\u00a0\u202f]*\s*[KMB]?)`;
const GROUP_PART = new RegExp(`${COUNT}\\s+(repl(?:y|ies)|reposts?|likes?|views?)\\b`, 'gi');
const BUTTONS: [keyof EngagementCounts, string][] = [
  ['replies', '[data-testid="reply"]'],
  ['reposts', '[data-testid="retweet"], [data-testid="unretweet"]'],
  ['likes', '[data-testid="like"], [data-testid="unlike"]'],
  ['views', 'a[href$="/analytics"]'],
];
const FIELD: Record<string, keyof EngagementCounts> = { repl: 'replies', repo: 'reposts', like: 'likes', view: 'views' };

/** The post's own action bar (not a quoted post's, not a nested article's). */
function actionBar(article: Element): Element | null {
  for (const group of article.querySelectorAll('[role="group"]')) if (group.closest('article') === article) return group;
  return null;
}

/** The public counts of one X post (an article as the adapter finds it); null without an action bar. */
export function readXEngagement(article: Element): EngagementCounts | null {
  const bar = actionBar(article);
  if (!bar) return null;
  const counts: EngagementCounts = { replies: null, reposts: null, likes: null, views: null, authorFollowers: null };
  for (const m of (bar.getAttribute('aria-label') ?? '').matchAll(GROUP_PART)) {
    const field = FIELD[m[2].slice(0, 4).toLowerCase()];
    if (field) counts[field] = parseCount(m[1]);
  }
  for (const [field, selector] of BUTTONS) {
    if (counts[field] !== null) continue;
    const label = bar.querySelector(selector)?.getAttribute('aria-label') ?? '';
    const m = label.match(new RegExp(`^${COUNT}\\s`));
    // A bar whose label leaves a count out shows zero of it.
    counts[field] = m ? parseCount(m[1]) : bar.hasAttribute('aria-label') && field !== 'views' ? 0 : null;
  }
  return counts;
}
