import { useEffect, useState } from 'preact/hooks';
import { request } from '../../lib/shared/messaging/client';
import { NAME_RE } from '../../lib/shared/team/names';
import type { TeamRole, TeamSettings as TeamSettingsValue, TeamStatusView } from '../../lib/shared/team/settings';
import { checkServerUrls } from '../../lib/shared/team/urls';
import { ManagedMark } from './options/fields';

// Team mode settings (issue 16), self-contained: the options page mounts it in its "Team" section. The password is
// sent to the background once and never shown again (stored like CRM tokens). Parts the organisation's policy sets
// (server URLs, team, user, role, on/off) are shown read-only; the password is always the agent's own.

const STATUS_TEXT: Record<TeamStatusView['state'], string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost — reconnecting…',
  offline: 'Offline',
  error: 'Error',
  off: 'Team mode is off (solo)',
};

function since(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return ` since ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
}

export function TeamStatusLine({ status }: { status: TeamStatusView }) {
  // The test contract's data-status has no "off": solo mode reads as offline, with its own words.
  const dataStatus = status.state === 'off' ? 'offline' : status.state;
  const showSince = status.state === 'offline' || status.state === 'reconnecting' || status.state === 'error';
  return (
    <p data-testid="carebar-team-status" data-status={dataStatus} role="status" class={`team-status team-status-${dataStatus}`}>
      {STATUS_TEXT[status.state]}
      {showSince ? since(status.since) : ''}
      {status.state !== 'off' && status.team
        ? ` — team ${status.team} as ${status.user}${status.role === 'supervisor' ? ' (supervisor)' : ''}`
        : ''}
      {status.pending ? ` · ${status.pending} change${status.pending === 1 ? '' : 's'} waiting to be sent` : ''}
      {status.malformed ? ` · ${status.malformed} malformed value${status.malformed === 1 ? '' : 's'} from the server ignored` : ''}
      {status.error ? <span class="team-status-error">: {status.error}</span> : null}
    </p>
  );
}

export function TeamSettings() {
  const [urls, setUrls] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [hasPassword, setHasPassword] = useState(false);
  const [team, setTeam] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<TeamRole>('agent');
  const [enabled, setEnabled] = useState(true);
  const [status, setStatus] = useState<TeamStatusView | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [managed, setManaged] = useState<Partial<TeamSettingsValue>>({});
  const locked = (key: keyof TeamSettingsValue) => managed[key] !== undefined;

  useEffect(() => {
    request('team.config.get', {})
      .then(({ settings: inForce, draft, managed: byPolicy, hasPassword: has, status: st }) => {
        const settings: Partial<TeamSettingsValue> = inForce ?? draft ?? {};
        if (settings.urls) setUrls(settings.urls.join('\n'));
        if (settings.user) setUser(settings.user);
        if (settings.team) setTeam(settings.team);
        if (settings.displayName) setDisplayName(settings.displayName);
        if (settings.role) setRole(settings.role);
        if (settings.enabled !== undefined) setEnabled(settings.enabled);
        setManaged(byPolicy ?? {});
        setHasPassword(has);
        setStatus(st);
      })
      .catch((err: Error) => setMessage({ kind: 'error', text: err.message }));
    // The status moves on its own (reconnects, outages): keep it fresh while the page is open.
    const timer = setInterval(() => {
      request('team.status', {})
        .then(({ status: st }) => setStatus(st))
        .catch(() => {});
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const checked = checkServerUrls(urls);
    if (!checked.ok) return setMessage({ kind: 'error', text: checked.reason });
    if (!NAME_RE.test(user)) return setMessage({ kind: 'error', text: 'User: lower-case letters, digits, - and _ (as on the server).' });
    if (!NAME_RE.test(team)) return setMessage({ kind: 'error', text: 'Team: lower-case letters, digits, - and _ (as on the server).' });
    if (!password && !hasPassword) return setMessage({ kind: 'error', text: 'Enter the password (or token) the admin gave you.' });
    try {
      const settings = { enabled, urls: checked.urls, user, team, displayName: displayName.trim() || user, role };
      const saved = await request('team.config.set', { settings, ...(password ? { password } : {}) });
      setStatus(saved.status);
      if (password) setHasPassword(true);
      setPassword('');
      setMessage({ kind: 'ok', text: enabled ? 'Team settings saved: connecting.' : 'Team settings saved; team mode is off.' });
    } catch (err) {
      setMessage({ kind: 'error', text: `Not saved: ${(err as Error).message}` });
    }
  };

  return (
    <section data-testid="carebar-team-settings" class="team-settings">
      <h2>Team</h2>
      <p class="hint">
        Share claims, presence and handled state with your care team through your NATS server. Use <code>wss://</code> (plain{' '}
        <code>ws://</code> only to this computer). The admin creates the team with <code>npm run team -- init</code>.
      </p>
      {Object.keys(managed).length ? (
        <p class="hint" data-testid="carebar-team-managed">
          <ManagedMark /> Your organisation sets the marked fields; your password or token is always your own.
        </p>
      ) : null}
      <form onSubmit={save}>
        <label>
          Server URL(s) {locked('urls') ? <ManagedMark /> : null}
          <textarea
            data-testid="carebar-team-url"
            name="team-url"
            disabled={locked('urls')}
            rows={2}
            placeholder="wss://nats.example.com"
            value={urls}
            onInput={(e) => setUrls(e.currentTarget.value)}
          />
        </label>
        <label>
          Team {locked('team') ? <ManagedMark /> : null}
          <input
            data-testid="carebar-team-name"
            name="team-name"
            disabled={locked('team')}
            value={team}
            onInput={(e) => setTeam(e.currentTarget.value.trim())}
          />
        </label>
        <label>
          User {locked('user') ? <ManagedMark /> : null}
          <input
            data-testid="carebar-team-user"
            name="team-user"
            disabled={locked('user')}
            autocomplete="username"
            value={user}
            onInput={(e) => setUser(e.currentTarget.value.trim())}
          />
        </label>
        <label>
          Password or token
          <input
            data-testid="carebar-team-password"
            name="team-password"
            type="password"
            autocomplete="current-password"
            placeholder={hasPassword ? 'stored — type to replace' : ''}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          Name shown to the team
          <input name="team-display-name" value={displayName} placeholder={user} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        </label>
        <label>
          Role {locked('role') ? <ManagedMark /> : null}
          <select name="team-role" disabled={locked('role')} value={role} onChange={(e) => setRole(e.currentTarget.value as TeamRole)}>
            <option value="agent">Agent</option>
            <option value="supervisor">Supervisor</option>
          </select>
        </label>
        <label class="inline">
          <input
            type="checkbox"
            name="team-enabled"
            disabled={locked('enabled')}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />{' '}
          Team mode on {locked('enabled') ? <ManagedMark /> : null}
        </label>
        <button type="submit" data-testid="carebar-team-save">
          Save team settings
        </button>
      </form>
      {status ? (
        <TeamStatusLine status={status} />
      ) : (
        <p data-testid="carebar-team-status" data-status="connecting" role="status">
          …
        </p>
      )}
      {message ? <p role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p> : null}
    </section>
  );
}
