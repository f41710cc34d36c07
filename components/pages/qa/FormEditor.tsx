import { useState } from 'preact/hooks';
import { SCALES, type Criterion, type EvaluationForm } from '../../../lib/shared/qa/form';

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'criterion';

/** Supervisors edit the evaluation form: criteria, weights, yes/no or 1–5 scales, a required comment on a fail. */
export function FormEditor(props: {
  form: EvaluationForm;
  perAgentPerWeek: number;
  busy: boolean;
  onSave: (form: EvaluationForm, perAgentPerWeek: number) => void;
}) {
  const [form, setForm] = useState<EvaluationForm>(props.form);
  const [perWeek, setPerWeek] = useState(props.perAgentPerWeek);
  const set = (i: number, patch: Partial<Criterion>) =>
    setForm({ ...form, criteria: form.criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const add = () => {
    const ids = new Set(form.criteria.map((c) => c.id));
    let id = 'new-criterion';
    for (let n = 2; ids.has(id); n++) id = `new-criterion-${n}`;
    setForm({ ...form, criteria: [...form.criteria, { id, label: 'New criterion', weight: 1, scale: 'yesno', commentOnFail: true }] });
  };
  return (
    <div class="form-editor" data-testid="carebar-qa-form-editor">
      <label>
        Form name <input value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
      </label>
      <label>
        Random reviews per agent per week{' '}
        <input type="number" min={0} max={200} value={perWeek} onInput={(e) => setPerWeek(Number(e.currentTarget.value))} />
      </label>
      <table>
        <thead>
          <tr>
            <th>Criterion</th>
            <th>Weight</th>
            <th>Scale</th>
            <th>Comment on fail</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {form.criteria.map((c, i) => (
            <tr key={i} data-testid="carebar-qa-form-criterion">
              <td>
                <input
                  value={c.label}
                  onInput={(e) =>
                    set(i, {
                      label: e.currentTarget.value,
                      ...(c.id.startsWith('new-criterion') ? { id: slug(e.currentTarget.value) } : {}),
                    })
                  }
                />
                {c.auto ? <small> measured: {c.auto}</small> : null}
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={10}
                  step={0.5}
                  value={c.weight}
                  onInput={(e) => set(i, { weight: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                <select value={c.scale} onChange={(e) => set(i, { scale: e.currentTarget.value as Criterion['scale'] })}>
                  {SCALES.map((s) => (
                    <option value={s} key={s}>
                      {s === 'yesno' ? 'Yes / no' : '1–5'}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input type="checkbox" checked={c.commentOnFail} onChange={(e) => set(i, { commentOnFail: e.currentTarget.checked })} />
              </td>
              <td>
                <button type="button" onClick={() => setForm({ ...form, criteria: form.criteria.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" onClick={add}>
          Add criterion
        </button>
        <button type="button" data-testid="carebar-qa-form-save" disabled={props.busy} onClick={() => props.onSave(form, perWeek)}>
          Save form
        </button>
      </div>
    </div>
  );
}
