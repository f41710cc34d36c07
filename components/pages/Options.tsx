import { useEffect, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import { CrmImport } from './CrmImport';
import { CrmSettings } from './CrmSettings';
import { TeamSettings } from './TeamSettings';
import { SnippetSettings } from './SnippetSettings';
import type { Settings } from '../../lib/shared/settings';
import type { Channel } from '../../lib/shared/model';
import { WEEKDAYS, type Weekday } from '../../lib/shared/business-hours';

const splitList = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((s) => s.trim().replace(/^@/, ''))
    .filter(Boolean);

const minutes = (sec: number) => Math.round(sec / 60);

/** Carebar's settings and first-run setup. Saving is a privileged request: only this extension page may make it. */
export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [signedIn, setSignedIn] = useState<Partial<Record<Channel, string>>>({});
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    Promise.all([request('settings.get', {}), request('accounts.signedIn', {})])
      .then(([{ settings }, { accounts }]) => {
        setSettings(settings);
        setSignedIn(accounts);
      })
      .catch((err: Error) => setStatus({ kind: 'error', text: `Could not load settings: ${err.message}` }));
  }, []);

  if (!settings) return <main>{status ? <p role="alert">{status.text}</p> : <p>Loading…</p>}</main>;

  const update = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const { settings: saved } = await request('settings.update', { settings: { ...settings, setupDone: true } });
      setSettings(saved);
      setStatus({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${(err as Error).message}` });
    }
  };
  const hours = settings.businessHours;
  const setDay = (day: Weekday, open: string, close: string) =>
    hours && update({ businessHours: { ...hours, days: { ...hours.days, [day]: open && close ? [[open, close]] : [] } } });

  return (
    <main>
      <h1>Carebar</h1>
      {!settings.setupDone ? (
        <p class="setup" data-testid="carebar-setup">
          Welcome! Tell Carebar who you are and which accounts are your team’s; everything else has good defaults.
        </p>
      ) : null}
      <form onSubmit={save} data-testid="carebar-options-form">
        <h2>You</h2>
        <label>
          Your name (shown in the audit trail)
          <input
            name="agentName"
            maxLength={100}
            value={settings.agentName}
            onInput={(e) => update({ agentName: e.currentTarget.value })}
          />
        </label>
        <label>
          Initials (signed under replies when the team requires it)
          <input
            name="agentInitials"
            maxLength={8}
            value={settings.agentInitials}
            onInput={(e) => update({ agentInitials: e.currentTarget.value })}
          />
        </label>

        <h2>Your team’s brand accounts</h2>
        <p class="hint">
          Posts by these accounts are responses; posts that mention them, reply to them or comment on their posts are customer items. With
          none set, every post by others is treated as an item.
        </p>
        {(['x', 'facebook'] as const).map((channel) => (
          <label key={channel}>
            {channel === 'x' ? 'X handles' : 'Facebook pages (name or id)'}, one per line
            <textarea
              name={`brand-${channel}`}
              rows={2}
              value={settings.brandAccounts[channel].join('\n')}
              onInput={(e) => update({ brandAccounts: { ...settings.brandAccounts, [channel]: splitList(e.currentTarget.value) } })}
            />
            {signedIn[channel] && !settings.brandAccounts[channel].includes(signedIn[channel]!) ? (
              <button
                type="button"
                class="link"
                onClick={() =>
                  update({
                    brandAccounts: { ...settings.brandAccounts, [channel]: [...settings.brandAccounts[channel], signedIn[channel]!] },
                  })
                }
              >
                Add {channel === 'x' ? '@' : ''}
                {signedIn[channel]} (signed in on {channel === 'x' ? 'X' : 'Facebook'})
              </button>
            ) : null}
          </label>
        ))}

        <h2>Service levels</h2>
        {(['x', 'facebook'] as const).map((channel) => (
          <fieldset key={channel}>
            <legend>{channel === 'x' ? 'X' : 'Facebook'}</legend>
            <label class="inline">
              Target (minutes)
              <input
                type="number"
                min={1}
                name={`sla-${channel}-target`}
                value={minutes(settings.sla[channel].targetSec)}
                onInput={(e) =>
                  update({
                    sla: { ...settings.sla, [channel]: { ...settings.sla[channel], targetSec: Number(e.currentTarget.value) * 60 } },
                  })
                }
              />
            </label>
            <label class="inline">
              Breach (minutes)
              <input
                type="number"
                min={1}
                name={`sla-${channel}-breach`}
                value={minutes(settings.sla[channel].breachSec)}
                onInput={(e) =>
                  update({
                    sla: { ...settings.sla, [channel]: { ...settings.sla[channel], breachSec: Number(e.currentTarget.value) * 60 } },
                  })
                }
              />
            </label>
          </fieldset>
        ))}
        <label>
          Flag items in a DM after (hours)
          <input
            type="number"
            min={1}
            name="dmFollowUpHours"
            value={settings.dmFollowUpHours}
            onInput={(e) => update({ dmFollowUpHours: Number(e.currentTarget.value) })}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={hours !== null}
            onChange={(e) =>
              update({
                businessHours: e.currentTarget.checked
                  ? {
                      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                      days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
                    }
                  : null,
              })
            }
          />
          Business hours (clocks pause outside them)
        </label>
        {hours ? (
          <fieldset>
            <legend>Opening hours</legend>
            <label>
              Time zone
              <input
                name="timeZone"
                value={hours.timeZone}
                onInput={(e) => update({ businessHours: { ...hours, timeZone: e.currentTarget.value } })}
              />
            </label>
            {WEEKDAYS.map((day) => {
              const [open, close] = hours.days[day]?.[0] ?? ['', ''];
              return (
                <label class="inline" key={day}>
                  {day}
                  <input type="time" value={open} onInput={(e) => setDay(day, e.currentTarget.value, close || '17:00')} />–
                  <input type="time" value={close} onInput={(e) => setDay(day, open || '09:00', e.currentTarget.value)} />
                </label>
              );
            })}
          </fieldset>
        ) : null}
        <label class="check">
          <input
            type="checkbox"
            checked={settings.quietNotifications}
            onChange={(e) => update({ quietNotifications: e.currentTarget.checked })}
          />
          Quiet: no browser notification when an item breaches
        </label>

        <button type="submit">Save</button>
        {status ? (
          <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind}>
            {status.text}
          </p>
        ) : null}
      </form>
      <section>
        <h2>What Carebar stores</h2>
        <p>
          Everything stays in this browser, in Carebar’s own database: the posts you have seen that need care (link, author, the first 280
          characters), their states and the history of changes (who, when). Nothing is sent anywhere.
        </p>
        <p>
          <a href="./reports.html">Reports, export and import</a>
        </p>
      </section>
      <CrmSettings />
      <TeamSettings />
      <CrmImport />
      <SnippetSettings />
    </main>
  );
}
