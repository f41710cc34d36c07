import { useEffect, useState } from 'preact/hooks';
import { request } from '../lib/messaging/client';
import type { Settings } from '../lib/messaging/protocol';

/** The agent's own settings. Saving is a privileged request: only this extension page may make it. */
export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    request('settings.get', {})
      .then((r) => setSettings(r.settings))
      .catch((err: Error) => setStatus({ kind: 'error', text: `Could not load settings: ${err.message}` }));
  }, []);

  if (!settings) return <main>{status ? <p role="alert">{status.text}</p> : <p>Loading…</p>}</main>;

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const { settings: saved } = await request('settings.update', { settings });
      setSettings(saved);
      setStatus({ kind: 'ok', text: 'Saved.' });
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${(err as Error).message}` });
    }
  };

  return (
    <main>
      <h1>Carebar</h1>
      <form onSubmit={save} data-testid="carebar-options-form">
        <h2>You</h2>
        <label>
          Your name (shown in the audit trail)
          <input
            name="agentName"
            maxLength={100}
            value={settings.agentName}
            onInput={(e) => setSettings({ ...settings, agentName: e.currentTarget.value })}
          />
        </label>
        <label>
          Initials (signed under replies when the team requires it)
          <input
            name="agentInitials"
            maxLength={8}
            value={settings.agentInitials}
            onInput={(e) => setSettings({ ...settings, agentInitials: e.currentTarget.value })}
          />
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
          Everything stays in this browser, in Carebar’s own database: the posts you have seen that need care, their
          states and the history of changes (who, when). Nothing is sent anywhere.
        </p>
      </section>
    </main>
  );
}
