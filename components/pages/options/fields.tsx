import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

// Form parts of the options page: a labelled field with its hint and its error next to it, a duration in human units,
// and the "set by your organisation" lock.

export function Field(props: {
  label: string;
  hint?: ComponentChildren;
  error?: string | null;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
  lock?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.lock ? <ManagedMark /> : null}
      </label>
      {props.children(id, describedBy)}
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={errorId} role="alert" data-testid="carebar-field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function ManagedMark() {
  return (
    <span class="managed" data-testid="carebar-managed" title="Set by your organisation’s browser policy: ask your IT team to change it">
      Set by your organisation
    </span>
  );
}

export type DurationUnit = 'minutes' | 'hours' | 'days';
const UNIT_SEC: Record<DurationUnit, number> = { minutes: 60, hours: 3600, days: 86_400 };

/** The largest unit that shows the value as a whole number: 1800 s → 30 minutes, 86400 s → 1 day. */
export function bestUnit(seconds: number): DurationUnit {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return 'days';
  if (seconds >= 3600 && seconds % 3600 === 0) return 'hours';
  return 'minutes';
}

/** "30 minutes", "1 hour", "2 days". */
export function humanDuration(seconds: number): string {
  const unit = bestUnit(seconds);
  const n = Math.round((seconds / UNIT_SEC[unit]) * 100) / 100;
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

/**
 * A duration typed as a number and a unit. `value` is in seconds; `onChange` gets seconds, or NaN while the number
 * is not a positive number (the section shows why next to the field and does not save).
 */
export function DurationInput(props: {
  id: string;
  name: string;
  value: number;
  unit: DurationUnit;
  onChange: (seconds: number, unit: DurationUnit) => void;
  disabled?: boolean;
  describedBy?: string;
  invalid?: boolean;
}) {
  const amount = Number.isFinite(props.value) ? Math.round((props.value / UNIT_SEC[props.unit]) * 100) / 100 : '';
  return (
    <span class="duration">
      <input
        id={props.id}
        name={props.name}
        type="number"
        min={1}
        step="any"
        inputMode="decimal"
        value={amount}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        onInput={(e) => {
          const n = Number(e.currentTarget.value);
          props.onChange(e.currentTarget.value.trim() && n > 0 ? Math.round(n * UNIT_SEC[props.unit]) : NaN, props.unit);
        }}
      />
      <select
        name={`${props.name}-unit`}
        aria-label="unit"
        value={props.unit}
        disabled={props.disabled}
        onChange={(e) => {
          const unit = e.currentTarget.value as DurationUnit;
          // The number stays as typed; its meaning changes with the unit (5 minutes → 5 hours).
          const n = Number.isFinite(props.value) ? props.value / UNIT_SEC[props.unit] : NaN;
          props.onChange(Number.isFinite(n) ? Math.round(n * UNIT_SEC[unit]) : NaN, unit);
        }}
      >
        <option value="minutes">minutes</option>
        <option value="hours">hours</option>
        <option value="days">days</option>
      </select>
    </span>
  );
}

/** What an action did: "Saved.", or why not (announced to screen readers). */
export function StatusText(props: { status: { kind: 'ok' | 'error'; text: string } | null; testid?: string }) {
  if (!props.status) return null;
  return (
    <span role={props.status.kind === 'error' ? 'alert' : 'status'} class={`save-status ${props.status.kind}`} data-testid={props.testid}>
      {props.status.text}
    </span>
  );
}

/** A section's footer: its Save button, what is unsaved, what was saved or went wrong. */
export function SaveBar(props: {
  label: string;
  dirty: boolean;
  busy?: boolean;
  status: { kind: 'ok' | 'error'; text: string } | null;
  disabled?: boolean;
  testid?: string;
}) {
  return (
    <div class="savebar">
      <button type="submit" class="cb-btn primary" disabled={props.busy || props.disabled} data-testid={props.testid}>
        {props.label}
      </button>
      {props.status ? <StatusText status={props.status} /> : props.dirty ? <span class="save-status dirty">Unsaved changes</span> : null}
    </div>
  );
}
