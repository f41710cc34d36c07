import Papa from 'papaparse';
import type { QaReviewRow } from './records';

export interface AgentWeekScore {
  agent: string;
  week: string;
  reviews: number;
  /** Mean review score (0–100), or null when no review carried a score. */
  meanScore: number | null;
  fails: number;
}

export interface CriterionScore {
  id: string;
  label: string;
  answered: number;
  /** Mean points as a percentage (0–100). */
  meanPercent: number | null;
  fails: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/** QA scores per agent and week (sorted by week, then agent) and per criterion (in first-seen order). */
export function qaScores(reviews: QaReviewRow[]): { byAgentWeek: AgentWeekScore[]; byCriterion: CriterionScore[] } {
  const groups = new Map<string, QaReviewRow[]>();
  for (const r of reviews) {
    const key = `${r.week}\u0000${r.agent ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const byAgentWeek = [...groups.entries()]
    .map(([key, list]) => {
      const [week, agent] = key.split('\u0000');
      return {
        agent: agent || '(no agent)',
        week,
        reviews: list.length,
        meanScore: mean(list.flatMap((r) => (r.score === null ? [] : [r.score]))),
        fails: list.reduce((n, r) => n + r.failed.length, 0),
      };
    })
    .sort((a, b) => a.week.localeCompare(b.week) || a.agent.localeCompare(b.agent));

  const criteria = new Map<string, { label: string; points: number[]; fails: number }>();
  for (const r of reviews) {
    for (const [id, p] of Object.entries(r.points)) {
      const c = criteria.get(id) ?? { label: r.labels[id] ?? id, points: [], fails: 0 };
      if (p !== null) c.points.push(p * 100);
      if (r.failed.includes(id)) c.fails++;
      criteria.set(id, c);
    }
  }
  const byCriterion = [...criteria.entries()].map(([id, c]) => ({
    id,
    label: c.label,
    answered: c.points.length,
    meanPercent: mean(c.points),
    fails: c.fails,
  }));
  return { byAgentWeek, byCriterion };
}

/** Every review as one CSV row (score, reviewer, each criterion's answer and comment) for a spreadsheet. */
export function reviewsCsv(reviews: QaReviewRow[]): string {
  const ids = [...new Set(reviews.flatMap((r) => Object.keys(r.answers)))];
  const rows = reviews.map((r) => {
    const row: Record<string, string | number> = {
      review: r.id,
      interaction: r.interactionId,
      agent: r.agent ?? '',
      week: r.week,
      reviewer: r.reviewer ?? '',
      reviewedAt: r.reviewedAt,
      form: r.formName,
      score: r.score ?? '',
      failed: r.failed.join(' '),
    };
    for (const id of ids) {
      row[id] = r.answers[id] ?? '';
      row[`${id} comment`] = r.comments[id] ?? '';
    }
    return row;
  });
  // Cells starting with = + - @ are quoted against spreadsheet formula injection (page text ends up here).
  return Papa.unparse(rows, {
    columns: [
      'review',
      'interaction',
      'agent',
      'week',
      'reviewer',
      'reviewedAt',
      'form',
      'score',
      'failed',
      ...ids.flatMap((id) => [id, `${id} comment`]),
    ],
    escapeFormulae: true,
  });
}
