import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM,
  EvaluationFormSchema,
  reviewComplete,
  scoreReview,
  type Answer,
  type EvaluationForm,
} from '../../lib/shared/qa/form';
import { runPreChecks } from '../../lib/shared/qa/prechecks';
import { qaScores, reviewsCsv } from '../../lib/shared/qa/report';
import type { QaReviewRow } from '../../lib/shared/qa/records';
import { isoWeek, sampleForReview, type SampleCandidate } from '../../lib/shared/qa/sampling';

const form: EvaluationForm = {
  name: 'Test',
  criteria: [
    { id: 'empathy', label: 'Empathy', weight: 2, scale: 'five', commentOnFail: true },
    { id: 'issue', label: 'Issue', weight: 1, scale: 'yesno', commentOnFail: true },
    { id: 'trend', label: 'Trending', weight: 1, scale: 'yesno', commentOnFail: false },
  ],
};

describe('evaluation form', () => {
  it('the default form is valid and carries the social skills and the automatic checks', () => {
    expect(v.safeParse(EvaluationFormSchema, DEFAULT_FORM).success).toBe(true);
    const labels = DEFAULT_FORM.criteria.map((c) => c.label.toLowerCase()).join(' | ');
    for (const skill of [
      'empathy',
      'probing',
      'actively listens',
      "customer's issue",
      'solution',
      'educates',
      'positive written tone',
      'tone of electronic',
      'abbreviations',
      'trending',
    ])
      expect(labels).toContain(skill);
    expect(DEFAULT_FORM.criteria.filter((c) => c.auto).map((c) => c.auto)).toEqual([
      'response-time',
      'personal-data',
      'generic-phrase',
      'initials',
      'length',
    ]);
  });

  it('rejects duplicate ids and a form with no weight', () => {
    const dup = { ...form, criteria: [...form.criteria, form.criteria[0]] };
    expect(v.safeParse(EvaluationFormSchema, dup).success).toBe(false);
    expect(v.safeParse(EvaluationFormSchema, { ...form, criteria: form.criteria.map((c) => ({ ...c, weight: 0 })) }).success).toBe(false);
  });

  it('scores a weighted mean: 1–5 maps to 0–1, yes 1, no 0, n/a left out', () => {
    // empathy 4 → 0.75 × 2, issue yes → 1 × 1, trend n/a: (1.5 + 1) / 3 = 83.3
    const s = scoreReview(form, { empathy: 4, issue: 'yes', trend: 'na' });
    expect(s.score).toBe(83.3);
    expect(s.failed).toEqual([]);
    expect(s.missing).toEqual([]);
    expect(reviewComplete(s)).toBe(true);
    expect(scoreReview(form, { empathy: 5, issue: 'yes', trend: 'yes' }).score).toBe(100);
    expect(scoreReview(form, { empathy: 1, issue: 'no', trend: 'no' }).score).toBe(0);
    expect(scoreReview(form, { empathy: 'na', issue: 'na', trend: 'na' }).score).toBeNull();
  });

  it('a fail needs a comment where the criterion says so; missing answers keep the review open', () => {
    const s = scoreReview(form, { empathy: 2, issue: 'no', trend: 'no' });
    expect(s.failed).toEqual(['empathy', 'issue', 'trend']);
    expect(s.needComment).toEqual(['empathy', 'issue']);
    expect(reviewComplete(s)).toBe(false);
    const commented = scoreReview(form, { empathy: 2, issue: 'no', trend: 'no' }, { empathy: 'cold opener', issue: ' missed the refund ' });
    expect(commented.needComment).toEqual([]);
    expect(reviewComplete(commented)).toBe(true);
    expect(scoreReview(form, { empathy: 3 }).missing).toEqual(['issue', 'trend']);
  });

  it('the score is always within 0–100 and monotone in each answer', () => {
    const answer = fc.constantFrom<Answer>(1, 2, 3, 4, 5, 'na');
    const yn = fc.constantFrom<Answer>('yes', 'no', 'na');
    fc.assert(
      fc.property(answer, yn, yn, (e, i, t) => {
        const s = scoreReview(form, { empathy: e, issue: i, trend: t }).score;
        if (s !== null) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(100);
        }
        if (typeof e === 'number' && e < 5) {
          const better = scoreReview(form, { empathy: (e + 1) as Answer, issue: i, trend: t }).score!;
          expect(better).toBeGreaterThanOrEqual(s!);
        }
      }),
    );
  });
});

describe('pre-checks', () => {
  const base = {
    channel: 'x' as const,
    postedAt: '2026-11-26T10:00:00.000Z',
    repliedAt: '2026-11-26T10:12:00.000Z',
    policy: { targetSec: 900, breachSec: 1800 },
    agentInitials: 'AB',
    requireInitials: false,
    genericPhrases: ['Sorry for the inconvenience'],
  };
  it('a good reply passes every check', () => {
    const c = runPreChecks({ ...base, replyText: 'Hi Sam, a new jar is on its way today – tracking follows by 6pm. ^AB' });
    expect(Object.fromEntries(Object.entries(c).map(([k, r]) => [k, r!.answer]))).toEqual({
      'response-time': 'yes',
      'personal-data': 'yes',
      'generic-phrase': 'yes',
      initials: 'yes',
      length: 'yes',
    });
    expect(c['response-time']!.detail).toBe('First response after 12m 00s (breach at 30m 00s)');
  });
  it('a late, generic, unsigned reply leaking an email fails those checks', () => {
    const c = runPreChecks({
      ...base,
      repliedAt: '2026-11-26T11:00:00.000Z',
      replyText: 'Sorry for the inconvenience! We emailed sam.rivera@example.com about it. ' + 'x'.repeat(300),
    });
    expect(c['response-time']!.answer).toBe('no');
    expect(c['personal-data']!.answer).toBe('no');
    expect(c['personal-data']!.detail).toContain('email');
    expect(c['generic-phrase']!.answer).toBe('no');
    expect(c.initials!.answer).toBe('no');
    expect(c.length!.answer).toBe('no');
  });
  it('no initials set: not applicable', () => {
    expect(runPreChecks({ ...base, agentInitials: '', replyText: 'Fixed now.' }).initials!.answer).toBe('na');
  });
});

describe('weekly sampling', () => {
  const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
  const make = (n: number, agent: string, day: number, extra: Partial<SampleCandidate> = {}): SampleCandidate[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${agent}-${day}-${i}`,
      agent,
      repliedAt: at(day, i % 24),
      breached: false,
      escalated: false,
      ...extra,
    }));

  it('ISO weeks start on Monday', () => {
    expect(isoWeek('2026-11-30T00:00:00Z')).toBe('2026-W49'); // a Monday
    expect(isoWeek('2026-11-29T23:59:59Z')).toBe('2026-W48'); // the Sunday before
    expect(isoWeek('2027-01-01T12:00:00Z')).toBe('2026-W53');
    expect(isoWeek('2026-01-01T12:00:00Z')).toBe('2026-W01');
  });

  it('takes n random per agent per week, plus every breached or escalated one', () => {
    const candidates = [
      ...make(20, 'ana', 24),
      ...make(3, 'ana', 25, { breached: true }),
      ...make(1, 'ana', 26, { escalated: true, breached: true }),
      ...make(2, 'ben', 24),
      ...make(10, 'ana', 30), // next week
    ];
    const sample = sampleForReview(candidates, { perAgentPerWeek: 5, seed: 'team' });
    const of = (agent: string, week: string) => sample.filter((s) => s.agent === agent && s.week === week);
    expect(of('ana', '2026-W48').filter((s) => s.reasons.includes('random'))).toHaveLength(5);
    expect(of('ana', '2026-W48').filter((s) => s.reasons.includes('breached'))).toHaveLength(4);
    expect(of('ana', '2026-W48').find((s) => s.id === 'ana-26-0')!.reasons).toEqual(['breached', 'escalated']);
    expect(of('ben', '2026-W48')).toHaveLength(2);
    expect(of('ana', '2026-W49')).toHaveLength(5);
    // Stable for one seed, different for another.
    expect(sampleForReview(candidates, { perAgentPerWeek: 5, seed: 'team' })).toEqual(sample);
    const other = sampleForReview(candidates, { perAgentPerWeek: 5, seed: 'other' });
    expect(other.map((s) => s.id)).not.toEqual(sample.map((s) => s.id));
  });

  it('the random pick is spread: over many seeds every interaction gets drawn', () => {
    const candidates = make(10, 'ana', 24);
    const drawn = new Set<string>();
    for (let seed = 0; seed < 60; seed++)
      for (const s of sampleForReview(candidates, { perAgentPerWeek: 2, seed: String(seed) })) drawn.add(s.id);
    expect(drawn.size).toBe(10);
  });
});

describe('QA reports', () => {
  const review = (
    id: string,
    agent: string,
    week: string,
    score: number,
    points: Record<string, number | null>,
    failed: string[] = [],
  ): QaReviewRow => ({
    id,
    interactionId: `i-${id}`,
    agent,
    week,
    reviewer: 'Sue',
    reviewedAt: '2026-11-27T10:00:00.000Z',
    formName: 'Test',
    answers: Object.fromEntries(Object.entries(points).map(([k, p]) => [k, p === null ? 'na' : p >= 0.5 ? 'yes' : 'no'])),
    comments: failed.length ? { [failed[0]]: '=HYPERLINK("x")' } : {},
    score,
    points,
    labels: { issue: 'Issue', tone: 'Tone' },
    failed,
  });
  const reviews = [
    review('1', 'ana', '2026-W48', 100, { issue: 1, tone: 1 }),
    review('2', 'ana', '2026-W48', 50, { issue: 0, tone: 1 }, ['issue']),
    review('3', 'ben', '2026-W48', 75, { issue: 1, tone: 0.5 }),
    review('4', 'ana', '2026-W49', 80, { issue: 1, tone: null }),
  ];
  it('per agent and week, and per criterion', () => {
    const { byAgentWeek, byCriterion } = qaScores(reviews);
    expect(byAgentWeek).toEqual([
      { agent: 'ana', week: '2026-W48', reviews: 2, meanScore: 75, fails: 1 },
      { agent: 'ben', week: '2026-W48', reviews: 1, meanScore: 75, fails: 0 },
      { agent: 'ana', week: '2026-W49', reviews: 1, meanScore: 80, fails: 0 },
    ]);
    expect(byCriterion).toEqual([
      { id: 'issue', label: 'Issue', answered: 4, meanPercent: 75, fails: 1 },
      { id: 'tone', label: 'Tone', answered: 3, meanPercent: 83.3, fails: 0 },
    ]);
  });
  it('CSV: one row per review, formula cells escaped', () => {
    const csv = reviewsCsv(reviews);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('review,interaction,agent,week,reviewer,reviewedAt,form,score,failed,issue,issue comment,tone,tone comment');
    expect(lines).toHaveLength(5);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
