import tradeoff from '../../../lib/shared/detect/dm-tradeoff.json';
import { Field, SaveBar } from './fields';
import type { SectionProps } from './SettingsSections';
import { useSection } from './use-section';

// Move-to-DM detection (issue 15): how readily the prompt suggests a DM (the classifier's threshold, a team setting),
// and the team's own public contacts, which the reply guard never treats as a customer's personal data.

type Row = (typeof tradeoff.rows)[number];
/** Slider steps, left to right: "only when sure" (high threshold) → "readily" (low threshold). */
const STEPS: Row[] = [...tradeoff.rows].sort((a, b) => b.threshold - a.threshold);
const DEFAULT = tradeoff.default;

/** The step nearest a threshold (a value set by the API may fall between steps). */
function nearestStep(threshold: number): number {
  let best = 0;
  STEPS.forEach((r, i) => {
    if (Math.abs(r.threshold - threshold) < Math.abs(STEPS[best].threshold - threshold)) best = i;
  });
  return best;
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** "At this setting …" in plain words, from the cross-validated figures. */
export function tradeoffText(r: Row): string {
  return `At this setting, on real care conversations Carebar suggested a DM for ${Math.round(r.recall * 100)} of every 100 posts that needed one, and on ${percent(r.fpr)} of the posts that did not (${Math.round(r.precision * 100)}% of its suggestions were right).`;
}

export const OWN_CONTACTS_MAX = 50;
/** One contact a line; blank lines dropped. Problems name the line. */
export function parseOwnContacts(text: string): { contacts: string[]; problems: string[] } {
  const contacts = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const problems: string[] = [];
  contacts.forEach((c) => {
    if (c.length < 3) problems.push(`“${c}” is too short to be a number, email or domain`);
    else if (c.length > 200) problems.push(`“${c.slice(0, 30)}…” is longer than 200 characters`);
  });
  if (contacts.length > OWN_CONTACTS_MAX) problems.push(`At most ${OWN_CONTACTS_MAX} contacts (${contacts.length} given)`);
  return { contacts, problems };
}

/** Detection: how readily the move-to-DM prompt shows, and the team's own public contacts. */
export function DetectionSection(props: SectionProps) {
  const locked = props.managed.has('detection');
  const s = useSection(
    'detection',
    props.settings,
    (x) => ({ threshold: x.detection.dmThreshold ?? null, ownContacts: (x.detection.ownContacts ?? []).join('\n') }),
    (d) => {
      const { dmThreshold: _old, ...detection } = props.settings.detection;
      const ownContacts = parseOwnContacts(d.ownContacts).contacts;
      return { detection: { ...detection, ...(d.threshold === null ? {} : { dmThreshold: d.threshold }), ownContacts } };
    },
    props.onSaved,
  );
  const d = s.draft;
  const threshold = d.threshold ?? DEFAULT;
  const step = nearestStep(threshold);
  const row = STEPS[step];
  const contacts = parseOwnContacts(d.ownContacts);
  const valid = contacts.problems.length === 0;
  const isDefault = d.threshold === null;
  return (
    <form
      data-testid="carebar-detection-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void s.save();
        else s.setStatus({ kind: 'error', text: 'Not saved: see the fields above.' });
      }}
    >
      <Field
        lock={locked}
        label="How readily Carebar suggests a DM"
        hint={
          <>
            {tradeoffText(row)}{' '}
            {isDefault
              ? `This is the default, chosen from those figures.`
              : threshold !== row.threshold
                ? `Set to ${threshold} by your team; the slider shows the nearest step.`
                : null}
          </>
        }
      >
        {(id, describedBy) => (
          <div class="readiness">
            <span class="cb-muted">Only when sure</span>{' '}
            <input
              id={id}
              type="range"
              name="dmReadiness"
              data-testid="carebar-dm-readiness"
              min={0}
              max={STEPS.length - 1}
              step={1}
              value={step}
              disabled={locked}
              aria-describedby={describedBy}
              aria-valuetext={`suggests a DM for ${Math.round(row.recall * 100)} of 100 posts that need one, on ${percent(row.fpr)} of those that do not`}
              onInput={(e) => s.update({ ...d, threshold: STEPS[Number(e.currentTarget.value)].threshold })}
            />{' '}
            <span class="cb-muted">Readily</span>{' '}
            {!isDefault && !locked ? (
              <button type="button" class="cb-link" data-testid="carebar-dm-default" onClick={() => s.update({ ...d, threshold: null })}>
                Back to the default
              </button>
            ) : null}
          </div>
        )}
      </Field>
      <details data-testid="carebar-dm-tradeoff">
        <summary>The trade-off at each step</summary>
        <p class="hint">
          Measured by cross-validation on {tradeoff.source.replace(/^cross-validated on /, '')}. Personal data in a post always prompts,
          whatever this setting.
        </p>
        <table class="tradeoff" style={{ marginBottom: '1rem' }}>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Posts that needed a DM, suggested</th>
              <th scope="col">Posts that did not, suggested anyway</th>
              <th scope="col">Suggestions that were right</th>
            </tr>
          </thead>
          <tbody>
            {STEPS.map((r, i) => (
              <tr key={r.threshold} aria-current={i === step ? 'true' : undefined} style={i === step ? { fontWeight: 600 } : undefined}>
                <td>
                  {i + 1}
                  {r.threshold === DEFAULT ? ' (default)' : ''}
                </td>
                <td>{percent(r.recall)}</td>
                <td>{percent(r.fpr)}</td>
                <td>{percent(r.precision)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <Field
        lock={locked}
        label="Our own public contacts: numbers, emails, domains, one per line"
        hint="The reply guard never stops a reply for these (e.g. 0333 123 4567, help@acme.com, acme.com). Public support numbers and help links in a reply are recognised without this; add the ones it misses."
        error={contacts.problems.join(' · ') || null}
      >
        {(id, describedBy) => (
          <textarea
            id={id}
            name="ownContacts"
            data-testid="carebar-own-contacts"
            rows={3}
            disabled={locked}
            spellcheck={false}
            aria-describedby={describedBy}
            aria-invalid={valid ? undefined : 'true'}
            value={d.ownContacts}
            onInput={(e) => s.update({ ...d, ownContacts: e.currentTarget.value })}
          />
        )}
      </Field>
      {!locked ? (
        <SaveBar label="Save detection settings" dirty={s.dirty} busy={s.busy} status={s.status} testid="carebar-save-detection" />
      ) : null}
    </form>
  );
}
