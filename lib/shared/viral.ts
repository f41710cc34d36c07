import * as v from 'valibot';
import { parseCountText } from './count-text';

// Viral risk: how fast a customer post's public engagement grows. The adapters read the counts whenever a post is
// seen (X: replies, reposts, likes, views from the action bar's labels; Facebook: comments, shares, reactions);
// the background keeps the samples per item and judges them here.

/**
 * A post's public counts at one moment; null = not shown. Facebook's comments / shares / reactions are stored as
 * replies / reposts / likes (the same role in spreading a post); Facebook shows no views.
 */
export interface EngagementCounts {
  replies: number | null;
  reposts: number | null;
  likes: number | null;
  views: number | null;
  /** The author's follower count, when the page shows it next to the post. */
  authorFollowers: number | null;
}

const Count = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e12)));
export const EngagementCountsSchema = v.object({ replies: Count, reposts: Count, likes: Count, views: Count, authorFollowers: Count });

/**
 * The team's thresholds (settings.viral). Defaults: a post is rising when it gains 100 reposts (X reposts, Facebook
 * shares) or 500 interactions (replies + reposts + likes) per hour, or when its author has 100,000 followers or
 * more; it is watched from a quarter of those rates, or once it carries an hour's worth of reposts at the
 * threshold. Growth seen over less than `minWindowMinutes` counts as if spread over that window, so two readings a
 * few seconds apart do not make a handful of likes look like thousands per hour.
 */
export const ViralThresholdsSchema = v.object({
  repostsPerHour: v.pipe(v.number(), v.minValue(1), v.maxValue(1e9)),
  engagementPerHour: v.pipe(v.number(), v.minValue(1), v.maxValue(1e9)),
  followers: v.pipe(v.number(), v.minValue(1), v.maxValue(1e12)),
  minWindowMinutes: v.pipe(v.number(), v.minValue(1), v.maxValue(24 * 60)),
});
export type ViralThresholds = v.InferOutput<typeof ViralThresholdsSchema>;
export const DEFAULT_VIRAL_THRESHOLDS: ViralThresholds = {
  repostsPerHour: 100,
  engagementPerHour: 500,
  followers: 100_000,
  minWindowMinutes: 10,
};
/** "Watch" starts at this fraction of a rising threshold. */
export const WATCH_FRACTION = 0.25;

export interface EngagementSample {
  at: string;
  counts: EngagementCounts;
}

export type ViralLevel = 'none' | 'watch' | 'rising';

export interface ViralAssessment {
  level: ViralLevel;
  /** Why, in words an escalation can carry ("Reposts growing 300/h (team threshold 100/h)"); '' for none. */
  reason: string;
  repostsPerHour: number;
  engagementPerHour: number;
}

const engagement = (c: EngagementCounts) => (c.replies ?? 0) + (c.reposts ?? 0) + (c.likes ?? 0);
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 10) / 10));

/** The fastest growth from any earlier sample to the latest one, per hour. Samples in any order. */
export function growthRates(samples: EngagementSample[], minWindowMinutes: number): { repostsPerHour: number; engagementPerHour: number } {
  const sorted = [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = sorted[sorted.length - 1];
  let repostsPerHour = 0;
  let engagementPerHour = 0;
  if (!last) return { repostsPerHour, engagementPerHour };
  for (const earlier of sorted.slice(0, -1)) {
    const hours = Math.max(Date.parse(last.at) - Date.parse(earlier.at), minWindowMinutes * 60_000) / 3_600_000;
    if (last.counts.reposts !== null && earlier.counts.reposts !== null) {
      repostsPerHour = Math.max(repostsPerHour, (last.counts.reposts - earlier.counts.reposts) / hours);
    }
    engagementPerHour = Math.max(engagementPerHour, (engagement(last.counts) - engagement(earlier.counts)) / hours);
  }
  return { repostsPerHour, engagementPerHour };
}

/** Is this post at risk of going viral? See ViralThresholds for the rule and its defaults. */
export function assessViral(samples: EngagementSample[], thresholds: ViralThresholds = DEFAULT_VIRAL_THRESHOLDS): ViralAssessment {
  const { repostsPerHour, engagementPerHour } = growthRates(samples, thresholds.minWindowMinutes);
  const latest = [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).pop()?.counts;
  const followers = Math.max(0, ...samples.map((s) => s.counts.authorFollowers ?? 0));
  const rate = { repostsPerHour, engagementPerHour };
  const reasons = (fraction: number): string[] => {
    const out: string[] = [];
    if (repostsPerHour >= thresholds.repostsPerHour * fraction)
      out.push(`Reposts growing ${fmt(repostsPerHour)}/h (team threshold ${fmt(thresholds.repostsPerHour)}/h)`);
    if (engagementPerHour >= thresholds.engagementPerHour * fraction)
      out.push(`Engagement growing ${fmt(engagementPerHour)}/h (team threshold ${fmt(thresholds.engagementPerHour)}/h)`);
    if (followers >= thresholds.followers * fraction) out.push(`Author has ${fmt(followers)} followers`);
    return out;
  };
  const rising = reasons(1);
  if (rising.length) return { level: 'rising', reason: rising.join('; '), ...rate };
  const watch = reasons(WATCH_FRACTION);
  if (latest?.reposts != null && latest.reposts >= thresholds.repostsPerHour) watch.push(`Already ${fmt(latest.reposts)} reposts`);
  if (watch.length) return { level: 'watch', reason: watch.join('; '), ...rate };
  return { level: 'none', reason: '', ...rate };
}

/** Two readings with the same counts: the later one adds nothing to the series. */
export const sameCounts = (a: EngagementCounts, b: EngagementCounts) =>
  a.replies === b.replies &&
  a.reposts === b.reposts &&
  a.likes === b.likes &&
  a.views === b.views &&
  a.authorFollowers === b.authorFollowers;

/** A count as the sites write it ("8784", "8,784", "1.2K", "3,4 Mio.", "1,2 mil"…) → a number; null when it is not one. */
export const parseCount = (raw: string, lang?: string | null): number | null => parseCountText(raw, lang);
