// Which interactions a supervisor reviews: a random sample per agent per week, plus every interaction whose item
// breached its SLA or was escalated. The sample is drawn from a seeded hash, so it stays the same each time the page
// opens (and on every supervisor's machine) until the seed changes.

export interface SampleCandidate {
  id: string;
  agent: string | null;
  /** When the agent answered (ISO). */
  repliedAt: string;
  breached: boolean;
  escalated: boolean;
}

export type SampleReason = 'random' | 'breached' | 'escalated';

export interface SampledInteraction {
  id: string;
  agent: string | null;
  week: string;
  reasons: SampleReason[];
}

/** The ISO-8601 week of a time, e.g. 2026-W48 (weeks start on Monday, in UTC). */
export function isoWeek(iso: string | number): string {
  const d = new Date(typeof iso === 'number' ? iso : Date.parse(iso));
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** FNV-1a, 32 bits: a stable, well-spread order for the random draw. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Up to `perAgentPerWeek` random interactions of each agent in each week, plus all breached or escalated ones (they
 * do not use up the random quota). Sorted by week, then agent, then reply time.
 */
export function sampleForReview(candidates: SampleCandidate[], options: { perAgentPerWeek: number; seed: string }): SampledInteraction[] {
  const groups = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    const group = `${isoWeek(c.repliedAt)}|${c.agent ?? ''}`;
    const list = groups.get(group) ?? [];
    list.push(c);
    groups.set(group, list);
  }
  const out: (SampledInteraction & { repliedAt: string })[] = [];
  for (const [group, list] of groups) {
    const week = group.slice(0, group.indexOf('|'));
    const random = new Set(
      list
        .filter((c) => !c.breached && !c.escalated)
        .map((c) => ({ c, h: hash(`${options.seed}|${group}|${c.id}`) }))
        .sort((a, b) => a.h - b.h || (a.c.id < b.c.id ? -1 : 1))
        .slice(0, Math.max(0, options.perAgentPerWeek))
        .map(({ c }) => c.id),
    );
    for (const c of list) {
      const reasons: SampleReason[] = [];
      if (c.breached) reasons.push('breached');
      if (c.escalated) reasons.push('escalated');
      if (random.has(c.id)) reasons.push('random');
      if (reasons.length) out.push({ id: c.id, agent: c.agent, week, reasons, repliedAt: c.repliedAt });
    }
  }
  return out
    .sort(
      (a, b) =>
        (a.week < b.week ? -1 : a.week > b.week ? 1 : 0) ||
        (a.agent ?? '').localeCompare(b.agent ?? '') ||
        a.repliedAt.localeCompare(b.repliedAt),
    )
    .map(({ repliedAt: _, ...s }) => s);
}
