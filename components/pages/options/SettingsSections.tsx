import { useState } from 'preact/hooks';
import type { Settings } from '../../../lib/shared/settings';
import type { Channel } from '../../../lib/shared/model';
import { WEEKDAYS, type BusinessHours, type Weekday } from '../../../lib/shared/business-hours';
import { bestUnit, DurationInput, Field, ManagedMark, SaveBar, type DurationUnit } from './fields';
import { parseBrandAccounts } from '../../../lib/shared/customer-items';
import { initialsOf } from '../../../lib/shared/snippets/template';
import { useSection } from './use-section';

export interface SectionProps {
  settings: Settings;
  onSaved: (s: Settings) => void;
  /** Settings keys the organisation's policy sets: shown, not editable. */
  managed: ReadonlySet<string>;
  signedIn: Partial<Record<Channel, string>>;
}

const DAY_NAMES: Record<Weekday, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};
const WEEK_ORDER: Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

export function nameProblem(name: string): string | null {
  return name.trim() ? null : 'Your name is needed: reports and the history show who did what.';
}

export function initialsProblem(initials: string): string | null {
  if (!initials.trim()) return null;
  return /^[\p{L}\p{N}.-]{1,8}$/u.test(initials.trim()) ? null : 'Up to 8 letters or digits, no spaces (e.g. SR).';
}

/** You & team: who the agent is, what the team asks of every public reply, notifications. */
export function AgentSection(props: SectionProps) {
  const s = useSection(
    'you',
    props.settings,
    (x) => ({
      agentName: x.agentName,
      agentInitials: x.agentInitials,
      requireInitials: x.detection.requireInitials,
      quietNotifications: x.quietNotifications,
    }),
    (d) => ({
      agentName: d.agentName.trim(),
      agentInitials: d.agentInitials.trim() || (initialsOf(d.agentName) ?? ''),
      quietNotifications: d.quietNotifications,
      detection: { ...props.settings.detection, requireInitials: d.requireInitials },
    }),
    props.onSaved,
  );
  const d = s.draft;
  const errors = { name: nameProblem(d.agentName), initials: initialsProblem(d.agentInitials) };
  const valid = !errors.name && !errors.initials;
  return (
    <form
      data-testid="carebar-options-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void s.save();
        else s.setStatus({ kind: 'error', text: 'Not saved: see the fields above.' });
      }}
    >
      <div class="grid2">
        <Field label="Your name" hint="Shown in each item’s history and in reports." error={d.agentName || s.dirty ? errors.name : null}>
          {(id, describedBy) => (
            <input
              id={id}
              name="agentName"
              maxLength={100}
              autoComplete="name"
              value={d.agentName}
              aria-describedby={describedBy}
              onInput={(e) => s.update({ ...d, agentName: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field
          label="Initials"
          hint={`Signed under public replies when the team asks for it${d.agentName && !d.agentInitials ? ` (${initialsOf(d.agentName) ?? ''} if left empty)` : ''}.`}
          error={errors.initials}
        >
          {(id, describedBy) => (
            <input
              id={id}
              name="agentInitials"
              maxLength={8}
              value={d.agentInitials}
              aria-describedby={describedBy}
              onInput={(e) => s.update({ ...d, agentInitials: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="requireInitials"
          checked={d.requireInitials}
          onChange={(e) => s.update({ ...d, requireInitials: e.currentTarget.checked })}
        />
        Every public reply must end with the agent’s initials (the reply guard asks before posting one without)
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="quietNotifications"
          checked={d.quietNotifications}
          onChange={(e) => s.update({ ...d, quietNotifications: e.currentTarget.checked })}
        />
        Quiet: no browser notification when an item breaches (the toolbar button’s badge still counts them)
      </label>
      <SaveBar label="Save" dirty={s.dirty} busy={s.busy} status={s.status} testid="carebar-save-you" />
    </form>
  );
}

/** Brand accounts: posts by them are answers; posts to them are customers'. */
export function BrandSection(props: SectionProps) {
  const locked = props.managed.has('brandAccounts');
  const s = useSection(
    'brands',
    props.settings,
    (x) => ({ x: x.brandAccounts.x.join('\n'), facebook: x.brandAccounts.facebook.join('\n') }),
    (d) => ({ brandAccounts: { x: parseBrandAccounts('x', d.x).accounts, facebook: parseBrandAccounts('facebook', d.facebook).accounts } }),
    props.onSaved,
  );
  const parsed = { x: parseBrandAccounts('x', s.draft.x), facebook: parseBrandAccounts('facebook', s.draft.facebook) };
  const valid = !parsed.x.problems.length && !parsed.facebook.problems.length;
  return (
    <form
      data-testid="carebar-brand-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void s.save();
        else s.setStatus({ kind: 'error', text: 'Not saved: see the fields above.' });
      }}
    >
      {(['x', 'facebook'] as const).map((channel) => {
        const signedIn = props.signedIn[channel];
        const has = signedIn && parsed[channel].accounts.some((a) => a.toLowerCase() === signedIn.toLowerCase());
        return (
          <Field
            key={channel}
            lock={locked}
            label={channel === 'x' ? 'X handles' : 'Facebook Pages'}
            hint={
              channel === 'x'
                ? 'One per line, with or without @.'
                : 'One per line: the Page’s username (AcmeSupport), its address (facebook.com/AcmeSupport) or its numeric Page id. Display names are not enough: anyone can call themselves “Acme Support”.'
            }
            error={parsed[channel].problems.join(' · ') || null}
          >
            {(id, describedBy) => (
              <>
                <textarea
                  id={id}
                  name={`brand-${channel}`}
                  rows={2}
                  disabled={locked}
                  spellcheck={false}
                  aria-describedby={describedBy}
                  value={s.draft[channel]}
                  onInput={(e) => s.update({ ...s.draft, [channel]: e.currentTarget.value })}
                />
                {signedIn && !has && !locked ? (
                  <button
                    type="button"
                    class="cb-link suggestion"
                    onClick={() => s.update({ ...s.draft, [channel]: [s.draft[channel].trim(), signedIn].filter(Boolean).join('\n') })}
                  >
                    Add {channel === 'x' ? '@' : ''}
                    {signedIn} (you are signed in with it on {channel === 'x' ? 'X' : 'Facebook'})
                  </button>
                ) : null}
              </>
            )}
          </Field>
        );
      })}
      {!locked ? (
        <SaveBar label="Save brand accounts" dirty={s.dirty} busy={s.busy} status={s.status} testid="carebar-save-brands" />
      ) : null}
    </form>
  );
}

/** Service levels: per channel, when an item is due and when it is breached; business hours; DM follow-up. */
export function ServiceLevelSection(props: SectionProps) {
  const slaLocked = props.managed.has('sla');
  const hoursLocked = props.managed.has('businessHours');
  const s = useSection(
    'service-levels',
    props.settings,
    (x) => ({ sla: x.sla, businessHours: x.businessHours, dmFollowUpHours: x.dmFollowUpHours }),
    (d) => ({
      ...(slaLocked ? {} : { sla: d.sla }),
      ...(hoursLocked ? {} : { businessHours: d.businessHours }),
      dmFollowUpHours: d.dmFollowUpHours,
    }),
    props.onSaved,
  );
  const d = s.draft;
  const [units, setUnits] = useState<Record<string, DurationUnit>>(() => ({
    'x-target': bestUnit(d.sla.x.targetSec),
    'x-breach': bestUnit(d.sla.x.breachSec),
    'facebook-target': bestUnit(d.sla.facebook.targetSec),
    'facebook-breach': bestUnit(d.sla.facebook.breachSec),
  }));
  const problems: Record<string, string | null> = {};
  for (const c of ['x', 'facebook'] as const) {
    const { targetSec, breachSec } = d.sla[c];
    problems[`${c}-target`] = !Number.isFinite(targetSec)
      ? 'Enter a number above 0.'
      : targetSec < 60
        ? 'At least 1 minute.'
        : targetSec > 30 * 86_400
          ? 'At most 30 days.'
          : null;
    problems[`${c}-breach`] = !Number.isFinite(breachSec)
      ? 'Enter a number above 0.'
      : breachSec > 60 * 86_400
        ? 'At most 60 days.'
        : Number.isFinite(targetSec) && breachSec < targetSec
          ? 'The breach time cannot come before the target.'
          : null;
  }
  problems.dm = !(d.dmFollowUpHours >= 1 && d.dmFollowUpHours <= 720) ? 'Between 1 hour and 30 days (720 hours).' : null;
  const hours = d.businessHours;
  if (hours) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone });
      problems.tz = null;
    } catch {
      problems.tz = 'Not a time zone name, e.g. Europe/London or America/New_York.';
    }
    for (const day of WEEKDAYS) {
      const [open, close] = hours.days[day]?.[0] ?? [];
      problems[`day-${day}`] = open && close && open >= close ? 'Closing must come after opening.' : null;
    }
  }
  const valid = Object.values(problems).every((p) => !p);
  const setDay = (h: BusinessHours, day: Weekday, range: [string, string] | null) =>
    s.update({ ...d, businessHours: { ...h, days: { ...h.days, [day]: range ? [range] : [] } } });

  return (
    <form
      data-testid="carebar-sla-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void s.save();
        else s.setStatus({ kind: 'error', text: 'Not saved: see the fields above.' });
      }}
    >
      {slaLocked ? <ManagedMark /> : null}
      <div class="sla-grid">
        {(['x', 'facebook'] as const).map((c) => (
          <fieldset key={c} class="sla-channel">
            <legend>{c === 'x' ? 'X' : 'Facebook'}</legend>
            {(['target', 'breach'] as const).map((part) => {
              const key = `${c}-${part}`;
              const field = part === 'target' ? 'targetSec' : 'breachSec';
              return (
                <Field
                  key={key}
                  label={part === 'target' ? 'Due after' : 'Breached after'}
                  hint={
                    part === 'target' ? 'Until then the timer shows “On time”.' : 'Then “Breached”, a notification, and a miss in reports.'
                  }
                  error={problems[key]}
                >
                  {(id, describedBy) => (
                    <DurationInput
                      id={id}
                      name={`sla-${key}`}
                      value={d.sla[c][field]}
                      unit={units[key]}
                      disabled={slaLocked}
                      describedBy={describedBy}
                      invalid={!!problems[key]}
                      onChange={(sec, unit) => {
                        setUnits({ ...units, [key]: unit });
                        s.update({ ...d, sla: { ...d.sla, [c]: { ...d.sla[c], [field]: sec } } });
                      }}
                    />
                  )}
                </Field>
              );
            })}
          </fieldset>
        ))}
      </div>

      <Field
        label="Flag items moved to a DM after"
        hint="An item still in a DM after this long is marked “follow up” in the queue."
        error={problems.dm}
      >
        {(id, describedBy) => (
          <span class="duration">
            <input
              id={id}
              type="number"
              min={1}
              max={720}
              name="dmFollowUpHours"
              value={Number.isFinite(d.dmFollowUpHours) ? d.dmFollowUpHours : ''}
              aria-describedby={describedBy}
              onInput={(e) => s.update({ ...d, dmFollowUpHours: e.currentTarget.value ? Number(e.currentTarget.value) : NaN })}
            />
            <span class="unit">hours</span>
          </span>
        )}
      </Field>

      <h3>Business hours {hoursLocked ? <ManagedMark /> : null}</h3>
      <label class="check">
        <input
          type="checkbox"
          name="businessHoursOn"
          checked={hours !== null}
          disabled={hoursLocked}
          onChange={(e) =>
            s.update({
              ...d,
              businessHours: e.currentTarget.checked
                ? {
                    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                    days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '17:00']]])),
                  }
                : null,
            })
          }
        />
        Pause the clocks outside opening hours (off: clocks run day and night)
      </label>
      {hours ? (
        <div class="hours">
          <Field label="Time zone" error={problems.tz ?? null}>
            {(id, describedBy) => (
              <input
                id={id}
                name="timeZone"
                value={hours.timeZone}
                disabled={hoursLocked}
                aria-describedby={describedBy}
                onInput={(e) => s.update({ ...d, businessHours: { ...hours, timeZone: e.currentTarget.value } })}
              />
            )}
          </Field>
          <table class="week">
            <tbody>
              {WEEK_ORDER.map((day) => {
                const range = hours.days[day]?.[0] ?? null;
                return (
                  <tr key={day}>
                    <th scope="row">
                      <label class="check">
                        <input
                          type="checkbox"
                          checked={range !== null}
                          disabled={hoursLocked}
                          onChange={(e) => setDay(hours, day, e.currentTarget.checked ? ['09:00', '17:00'] : null)}
                        />
                        {DAY_NAMES[day]}
                      </label>
                    </th>
                    <td>
                      {range ? (
                        <>
                          <input
                            type="time"
                            aria-label={`${DAY_NAMES[day]} opens`}
                            value={range[0]}
                            disabled={hoursLocked}
                            onInput={(e) => setDay(hours, day, [e.currentTarget.value, range[1]])}
                          />{' '}
                          –{' '}
                          <input
                            type="time"
                            aria-label={`${DAY_NAMES[day]} closes`}
                            value={range[1]}
                            disabled={hoursLocked}
                            onInput={(e) => setDay(hours, day, [range[0], e.currentTarget.value])}
                          />
                          {problems[`day-${day}`] ? <span class="field-error inline"> {problems[`day-${day}`]}</span> : null}
                        </>
                      ) : (
                        <span class="hint">Closed</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <SaveBar label="Save service levels" dirty={s.dirty} busy={s.busy} status={s.status} testid="carebar-save-sla" />
    </form>
  );
}
