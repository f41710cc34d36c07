import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { request } from '../../lib/shared/messaging/client';
import type { ConnectorConfig } from '../../lib/shared/crm/schemas';
import { ManagedMark } from './options/fields';

const DEFAULTS: Record<ConnectorConfig['kind'], ConnectorConfig> = {
  local: { kind: 'local' },
  rest: {
    kind: 'rest',
    urlTemplate: 'https://crm.example.com/api/customers?channel={channel}&handle={handle}&id={id}',
    authHeader: 'Authorization',
    fields: {
      record: 'customer',
      id: 'id',
      name: 'name',
      tier: 'tier',
      lifetimeValue: 'lifetimeValue',
      notes: 'notes',
      tags: 'tags',
      orders: 'orders',
      tickets: 'tickets',
    },
  },
  hubspot: { kind: 'hubspot', baseUrl: 'https://api.hubapi.com', handleProperty: 'twitterhandle' },
  zendesk: { kind: 'zendesk', baseUrl: 'https://yourcompany.zendesk.com', auth: 'basic', email: '' },
};

const REST_FIELDS = ['record', 'id', 'name', 'tier', 'lifetimeValue', 'notes', 'tags', 'orders', 'tickets'] as const;

/** The CRM's origins (lookup, and the note URL when set), for a runtime host permission (never <all_urls>). */
export function crmOrigins(config: ConnectorConfig): string[] {
  const urls =
    config.kind === 'rest' ? [config.urlTemplate, config.noteUrlTemplate ?? ''] : config.kind === 'local' ? [] : [config.baseUrl];
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      if (url) origins.add(`${new URL(url.replace(/\{[a-zA-Z]+\}/g, 'x')).origin}/*`);
    } catch {
      // not a URL yet: the background's validation says so on save
    }
  }
  return [...origins];
}

/**
 * Which CRM the customer card asks, its token (kept in the background's own database; shown masked, never sent
 * back), and how long Carebar keeps what it stores. When the organisation's policy sets the connector, its fields are
 * shown read-only and the agent enters only their own token (and e-mail for Zendesk).
 */
export function CrmSettings() {
  const [config, setConfig] = useState<ConnectorConfig | null>(null);
  const [locked, setLocked] = useState(false);
  const [tokenMasked, setTokenMasked] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [days, setDays] = useState(365);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [stats, setStats] = useState<{ customers: number; cached: number } | null>(null);

  useEffect(() => {
    Promise.all([request('crm.connector.get', {}), request('crm.retention.get', {}), request('crm.stats', {})])
      .then(([c, r, s]) => {
        setConfig(c.config);
        setLocked(!!c.managed);
        setTokenMasked(c.tokenMasked);
        setDays(r.days);
        setStats(s);
      })
      .catch((err: Error) => setStatus({ kind: 'error', text: err.message }));
  }, []);
  if (!config) return <section>{status ? <p role="alert">{status.text}</p> : null}</section>;

  const save = async (event: Event) => {
    event.preventDefault();
    const origins = crmOrigins(config);
    try {
      // Asked at the click (a user gesture), for this CRM's origins only.
      if (origins.length && !(await browser.permissions.request({ origins }))) {
        setStatus({
          kind: 'error',
          text: `Carebar needs permission to reach ${origins.map((o) => o.replace('/*', '')).join(' and ')} to ask this CRM.`,
        });
        return;
      }
      const saved = await request('crm.connector.save', { config, ...(token ? { token } : {}) });
      setTokenMasked(saved.tokenMasked);
      setToken('');
      setStatus({ kind: 'ok', text: 'CRM saved.' });
    } catch (err) {
      setStatus({ kind: 'error', text: `Not saved: ${(err as Error).message}` });
    }
  };
  const field = (label: string, value: string, set: (v: string) => void, name: string, disabled = locked) => (
    <label>
      {label}
      <input name={name} value={value} disabled={disabled} onInput={(e) => set(e.currentTarget.value)} />
    </label>
  );

  return (
    <div data-testid="carebar-crm-settings">
      <h3>Which CRM the card asks {locked ? <ManagedMark /> : null}</h3>
      {locked ? (
        <p class="hint" data-testid="carebar-crm-managed">
          Your organisation sets which CRM the card asks. Enter your own token{config.kind === 'zendesk' ? ' (and e-mail)' : ''} and save:
          Carebar asks your permission to reach it.
        </p>
      ) : null}
      <form onSubmit={save}>
        <label>
          CRM
          <select
            value={config.kind}
            name="crm-kind"
            disabled={locked}
            onChange={(e) => setConfig(DEFAULTS[e.currentTarget.value as ConnectorConfig['kind']])}
          >
            <option value="local">Local CRM only (customers stored in Carebar)</option>
            <option value="hubspot">HubSpot (private-app token)</option>
            <option value="zendesk">Zendesk (API token)</option>
            <option value="rest">In-house REST API</option>
          </select>
        </label>
        {config.kind === 'hubspot' ? (
          <>
            {field('API base URL', config.baseUrl, (baseUrl) => setConfig({ ...config, baseUrl }), 'baseUrl')}
            {field(
              'Contact property holding the X handle',
              config.handleProperty,
              (handleProperty) => setConfig({ ...config, handleProperty }),
              'handleProperty',
            )}
          </>
        ) : null}
        {config.kind === 'zendesk' ? (
          <>
            {field('Zendesk URL', config.baseUrl, (baseUrl) => setConfig({ ...config, baseUrl }), 'baseUrl')}
            <label>
              Authentication
              <select
                value={config.auth}
                disabled={locked}
                onChange={(e) => setConfig({ ...config, auth: e.currentTarget.value as 'basic' | 'bearer' })}
              >
                <option value="basic">Agent e-mail + API token</option>
                <option value="bearer">OAuth bearer token</option>
              </select>
            </label>
            {config.auth === 'basic'
              ? field('Agent e-mail', config.email ?? '', (email) => setConfig({ ...config, email }), 'email', false)
              : null}
          </>
        ) : null}
        {config.kind === 'rest' ? (
          <>
            {field(
              'URL template ({channel} {handle} {id})',
              config.urlTemplate,
              (urlTemplate) => setConfig({ ...config, urlTemplate }),
              'urlTemplate',
            )}
            {field('Auth header name', config.authHeader, (authHeader) => setConfig({ ...config, authHeader }), 'authHeader')}
            {field(
              'Note URL template, optional ({customerId} {channel} {handle} {id}; JSON { note, customerId, channel, handle, at })',
              config.noteUrlTemplate ?? '',
              (noteUrlTemplate) => setConfig({ ...config, noteUrlTemplate }),
              'noteUrlTemplate',
            )}
            <label>
              Note method
              <select
                name="noteMethod"
                disabled={locked}
                value={config.noteMethod ?? 'POST'}
                onChange={(e) => setConfig({ ...config, noteMethod: e.currentTarget.value as 'POST' | 'PUT' | 'PATCH' })}
              >
                <option>POST</option>
                <option>PUT</option>
                <option>PATCH</option>
              </select>
            </label>
            <fieldset>
              <legend>Field mapping (paths like data.customer or orders[0].id)</legend>
              {REST_FIELDS.map((key) =>
                field(
                  key,
                  config.fields[key] ?? '',
                  (value) => setConfig({ ...config, fields: { ...config.fields, [key]: value } }),
                  `field-${key}`,
                ),
              )}
            </fieldset>
          </>
        ) : null}
        {config.kind !== 'local' ? (
          <label>
            Token {tokenMasked ? <span class="hint">(stored: {tokenMasked}; leave empty to keep it)</span> : null}
            <input
              type="password"
              name="token"
              autocomplete="off"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
              data-testid="carebar-crm-token"
            />
          </label>
        ) : null}
        <button type="submit" class="cb-btn primary">
          Save CRM
        </button>
        {status ? (
          <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind}>
            {status.text}
          </p>
        ) : null}
      </form>
      <h3>What Carebar stores about customers, and for how long</h3>
      <p>
        Local CRM: {stats ? `${stats.customers.toLocaleString()} customers` : '…'} (name, identities, tier, lifetime value, orders, tickets,
        tags, notes) until you delete them. Answers from a remote CRM are cached ({stats ? `${stats.cached.toLocaleString()} now` : '…'})
        for 15 minutes of freshness and shown “as of” their time when the CRM cannot be reached. Tokens stay in Carebar’s background
        database: never sent to web pages, never shown in full. Posts, their states and history are kept for the retention period below;
        open items are kept until answered. “Forget this customer” on a card deletes everything about them at once.
      </p>
      <label>
        Keep posts and their history for (days)
        <input
          type="number"
          min={7}
          max={3650}
          value={days}
          onInput={(e) => setDays(Number(e.currentTarget.value))}
          data-testid="carebar-retention-days"
        />
      </label>
      <button
        type="button"
        class="cb-btn"
        onClick={() =>
          request('crm.retention.set', { days }).then(
            () => setStatus({ kind: 'ok', text: `Kept for ${days} days.` }),
            (err: Error) => setStatus({ kind: 'error', text: err.message }),
          )
        }
      >
        Save retention
      </button>{' '}
      <button
        type="button"
        class="cb-btn"
        onClick={() =>
          request('crm.retention.run', {}).then(
            (r) =>
              setStatus({ kind: 'ok', text: `Purged ${r.items} posts, ${r.events} history entries and ${r.cached} cached CRM answers.` }),
            (err: Error) => setStatus({ kind: 'error', text: err.message }),
          )
        }
      >
        Purge now
      </button>
    </div>
  );
}
