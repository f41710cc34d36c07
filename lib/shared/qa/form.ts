import * as v from 'valibot';

// The evaluation form for social-media interactions: criteria with weights, a yes/no or 1–5 scale, and whether a
// fail needs a comment. The default carries the skills the contact-centre literature names for the channel, plus
// the checks Carebar can measure itself (`auto`, filled by the pre-checks in ./prechecks.ts).

export const SCALES = ['yesno', 'five'] as const;
export type Scale = (typeof SCALES)[number];

/** Criteria whose answer Carebar measures itself (the reviewer can still change it). */
export const AUTO_CHECKS = ['response-time', 'personal-data', 'generic-phrase', 'initials', 'length'] as const;
export type AutoCheck = (typeof AUTO_CHECKS)[number];

const CriterionId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'));

export const CriterionSchema = v.object({
  id: CriterionId,
  label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  /** Relative weight in the score (0 = shown, not scored). */
  weight: v.pipe(v.number(), v.minValue(0), v.maxValue(10)),
  scale: v.picklist(SCALES),
  /** A fail (no, or 1–2 on the 1–5 scale) must carry a comment. */
  commentOnFail: v.boolean(),
  auto: v.optional(v.picklist(AUTO_CHECKS)),
});
export type Criterion = v.InferOutput<typeof CriterionSchema>;

export const EvaluationFormSchema = v.pipe(
  v.object({
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
    criteria: v.pipe(v.array(CriterionSchema), v.minLength(1), v.maxLength(40)),
  }),
  v.check((f) => new Set(f.criteria.map((c) => c.id)).size === f.criteria.length, 'criterion ids must be unique'),
  v.check((f) => f.criteria.some((c) => c.weight > 0), 'at least one criterion must carry weight'),
);
export type EvaluationForm = v.InferOutput<typeof EvaluationFormSchema>;

const skill = (id: string, label: string, weight: number, scale: Scale, commentOnFail = true, auto?: AutoCheck): Criterion => ({
  id,
  label,
  weight,
  scale,
  commentOnFail,
  ...(auto ? { auto } : {}),
});

export const DEFAULT_FORM: EvaluationForm = {
  name: 'Social care interaction',
  criteria: [
    skill('empathy', 'Provides empathy', 2, 'five'),
    skill('probing', 'Asks probing questions', 1, 'five'),
    skill('listening', 'Actively listens (answers what was asked)', 1, 'five'),
    skill('issue', "Identifies the customer's issue", 2, 'yesno'),
    skill('solution', 'Offers an appropriate solution', 2, 'five'),
    skill('educate', 'Educates on policies and products', 1, 'five', false),
    skill('tone', 'Demonstrates a positive written tone', 1, 'five'),
    skill('reading-tone', 'Reads the tone of electronic language', 1, 'five'),
    skill('abbreviations', 'Understands abbreviations and slang', 1, 'yesno', false),
    skill('trending', 'Aware of trending topics', 1, 'yesno', false),
    skill('response-time', 'Answered within the service level', 2, 'yesno', true, 'response-time'),
    skill('personal-data', 'Kept personal data out of the public reply', 3, 'yesno', true, 'personal-data'),
    skill('specific', 'Specific, not a generic phrase', 1, 'yesno', false, 'generic-phrase'),
    skill('initials', "Signed with the agent's initials", 1, 'yesno', false, 'initials'),
    skill('length', "Fits the channel's length", 1, 'yesno', false, 'length'),
  ],
};

/** A yes/no answer, a 1–5 rating, or not applicable (left out of the score). */
export type Answer = 'yes' | 'no' | 1 | 2 | 3 | 4 | 5 | 'na';
export const AnswerSchema = v.union([v.picklist(['yes', 'no', 'na']), v.picklist([1, 2, 3, 4, 5])]);

export interface ScoredReview {
  /** 0–100, weighted over the answered criteria; null when nothing weighted was answered. */
  score: number | null;
  /** Criteria answered with a fail: no, or 1–2 on the 1–5 scale. */
  failed: string[];
  /** Criteria with no answer. */
  missing: string[];
  /** Failed criteria that need a comment and have none. */
  needComment: string[];
  /** Per criterion: 0–1, or null (not applicable / unanswered). */
  points: Record<string, number | null>;
}

/** 0–1 for an answer on its scale; null for n/a or an answer that does not fit the scale. */
export function answerPoints(scale: Scale, answer: Answer | undefined): number | null {
  if (answer === undefined || answer === 'na') return null;
  if (scale === 'yesno') return answer === 'yes' ? 1 : answer === 'no' ? 0 : null;
  return typeof answer === 'number' ? (answer - 1) / 4 : null;
}

export const isFail = (scale: Scale, answer: Answer | undefined): boolean =>
  scale === 'yesno' ? answer === 'no' : typeof answer === 'number' && answer <= 2;

/** Score a review against its form: weighted mean of the answered criteria, what failed, what is still missing. */
export function scoreReview(
  form: EvaluationForm,
  answers: Partial<Record<string, Answer>>,
  comments: Partial<Record<string, string>> = {},
): ScoredReview {
  let got = 0;
  let possible = 0;
  const failed: string[] = [];
  const missing: string[] = [];
  const needComment: string[] = [];
  const points: Record<string, number | null> = {};
  for (const c of form.criteria) {
    const answer = answers[c.id];
    if (answer === undefined) missing.push(c.id);
    const p = answerPoints(c.scale, answer);
    points[c.id] = p;
    if (p !== null && c.weight > 0) {
      got += p * c.weight;
      possible += c.weight;
    }
    if (isFail(c.scale, answer)) {
      failed.push(c.id);
      if (c.commentOnFail && !comments[c.id]?.trim()) needComment.push(c.id);
    }
  }
  return { score: possible ? Math.round((got / possible) * 1000) / 10 : null, failed, missing, needComment, points };
}

/** A review can be saved once every criterion is answered and every fail that needs a comment has one. */
export const reviewComplete = (scored: ScoredReview) => scored.missing.length === 0 && scored.needComment.length === 0;
