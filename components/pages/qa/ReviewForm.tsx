import { useState } from 'preact/hooks';
import { isFail, reviewComplete, scoreReview, type Answer, type Criterion, type EvaluationForm } from '../../../lib/shared/qa/form';
import type { InteractionRow, QaReviewRow } from '../../../lib/shared/qa/records';

const YESNO: [Answer, string][] = [
  ['yes', 'Yes'],
  ['no', 'No'],
  ['na', 'n/a'],
];
const FIVE: [Answer, string][] = [
  [5, '5 — excellent'],
  [4, '4'],
  [3, '3'],
  [2, '2'],
  [1, '1 — poor'],
  ['na', 'n/a'],
];

const parseAnswer = (raw: string): Answer | undefined =>
  raw === '' ? undefined : /^[1-5]$/.test(raw) ? (Number(raw) as Answer) : (raw as Answer);

/** Pre-filled answers: the review's own, else what the pre-checks measured for automatic criteria. */
function initialAnswers(form: EvaluationForm, interaction: InteractionRow, review: QaReviewRow | null): Record<string, Answer> {
  if (review) return { ...review.answers };
  const out: Record<string, Answer> = {};
  for (const c of form.criteria) {
    const measured = c.auto ? interaction.preChecks[c.auto] : undefined;
    if (measured) out[c.id] = measured.answer;
  }
  return out;
}

/** Score one interaction on the form: every criterion answered, a comment on each fail that needs one, a coaching note. */
export function ReviewForm(props: {
  form: EvaluationForm;
  interaction: InteractionRow;
  review: QaReviewRow | null;
  busy: boolean;
  onSave: (review: { answers: Record<string, Answer>; comments: Record<string, string>; coaching: string | null }) => void;
}) {
  const { form, interaction } = props;
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => initialAnswers(form, interaction, props.review));
  const [comments, setComments] = useState<Record<string, string>>(() => ({ ...(props.review?.comments ?? {}) }));
  const [coaching, setCoaching] = useState('');
  const scored = scoreReview(form, answers, comments);
  const complete = reviewComplete(scored);

  const row = (c: Criterion) => {
    const measured = c.auto ? interaction.preChecks[c.auto] : undefined;
    const answer = answers[c.id];
    const fail = isFail(c.scale, answer);
    return (
      <div class={`criterion${fail ? ' fail' : ''}`} data-testid="carebar-qa-criterion" data-criterion={c.id} key={c.id}>
        <label>
          <span class="label">
            {c.label}
            {c.weight !== 1 ? <small> ×{c.weight}</small> : null}
          </span>
          <select
            data-testid="carebar-qa-answer"
            data-criterion={c.id}
            value={answer === undefined ? '' : String(answer)}
            onChange={(e) => setAnswers({ ...answers, [c.id]: parseAnswer(e.currentTarget.value)! })}
          >
            <option value="">—</option>
            {(c.scale === 'yesno' ? YESNO : FIVE).map(([value, text]) => (
              <option value={String(value)} key={String(value)}>
                {text}
              </option>
            ))}
          </select>
        </label>
        {measured ? (
          <div class="measured" data-testid="carebar-qa-precheck">
            Measured: {measured.detail}
          </div>
        ) : null}
        {fail ? (
          <input
            data-testid="carebar-qa-comment"
            data-criterion={c.id}
            placeholder={c.commentOnFail ? 'Why? (required on a fail)' : 'Why? (optional)'}
            value={comments[c.id] ?? ''}
            onInput={(e) => setComments({ ...comments, [c.id]: e.currentTarget.value })}
          />
        ) : null}
      </div>
    );
  };

  return (
    <form
      class="review-form"
      data-testid="carebar-qa-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) props.onSave({ answers, comments, coaching: coaching.trim() || null });
      }}
    >
      {form.criteria.map(row)}
      <label class="coaching">
        Coaching note to {interaction.agent ?? 'the agent'}
        <textarea data-testid="carebar-qa-coaching" rows={3} value={coaching} onInput={(e) => setCoaching(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <span data-testid="carebar-qa-score" data-score={scored.score ?? ''}>
          Score {scored.score === null ? '—' : `${scored.score}%`}
        </span>
        {!complete ? (
          <span class="hint">
            {scored.missing.length ? `${scored.missing.length} to answer` : ''}
            {scored.missing.length && scored.needComment.length ? ' · ' : ''}
            {scored.needComment.length ? `${scored.needComment.length} fail(s) need a comment` : ''}
          </span>
        ) : null}
        <button type="submit" data-testid="carebar-qa-save" disabled={props.busy || !complete}>
          {props.review ? 'Update review' : 'Save review'}
        </button>
      </div>
    </form>
  );
}
