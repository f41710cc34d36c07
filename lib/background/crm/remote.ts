import type { CustomerRow, CrmRecordRef } from '../../shared/records';
import { identityKeys } from '../../shared/author-key';
import type { CrmConnector, CrmIdentity } from '../../shared/crm/connector';
import { CrmError, fetchJson, mappingError, numberAt, readPath, textAt, HttpOptions } from './http';
import type { ConnectorConfig } from '../../shared/crm/schemas';

// Remote CRMs behind the one connector interface. These run only in the background: they hold the token and make
// the requests. Every answer is mapped strictly; anything unexpected is a "mapping did not match" CrmError.

type Extra = { token: string | null; timeoutMs?: number; fetchImpl?: typeof fetch };

const now = () => new Date().toISOString();

function customerRow(
  crm: string,
  identity: CrmIdentity,
  fields: Omit<CustomerRow, 'handles' | 'updatedAt' | 'source'> & { handles?: string[] },
): CustomerRow {
  const { handleKey, idKey } = identityKeys(identity);
  return {
    ...fields,
    handles: [...new Set([...(fields.handles ?? []), ...[handleKey, idKey].filter((k): k is string => !!k)])],
    updatedAt: now(),
    source: crm,
  };
}

function recordsAt(crm: string, value: unknown, path: string | undefined): CrmRecordRef[] | undefined {
  if (!path) return undefined;
  const list = readPath(value, path);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw mappingError(crm, `"${path}" is not a list`);
  return list.slice(0, 50).map((entry) => {
    const url = textAt(crm, entry, 'url', false);
    return {
      id: textAt(crm, entry, 'id', true)!,
      status: textAt(crm, entry, 'status', false) ?? 'unknown',
      ...(textAt(crm, entry, 'title', false) ? { title: textAt(crm, entry, 'title', false)! } : {}),
      ...(url && /^https:\/\//.test(url) ? { url } : {}),
    };
  });
}

function tagsAt(crm: string, value: unknown, path: string | undefined): string[] {
  if (!path) return [];
  const found = readPath(value, path);
  if (found === undefined || found === null || found === '') return [];
  if (typeof found === 'string')
    return found
      .split(/[;,]/)
      .map((t) => t.trim())
      .filter(Boolean)
      .slice(0, 30);
  if (Array.isArray(found) && found.every((t) => typeof t === 'string')) return (found as string[]).slice(0, 30);
  throw mappingError(crm, `"${path}" is not a list of tags`);
}

/** A template URL with {channel} {handle} {id} filled in, each URL-encoded. */
export function fillTemplate(template: string, identity: CrmIdentity): string {
  return template.replace(/\{(channel|handle|id)\}/g, (_, name: 'channel' | 'handle' | 'id') =>
    encodeURIComponent((name === 'handle' ? identity.handle?.replace(/^@/, '') : identity[name]) ?? ''),
  );
}

/** A note with the day it was written, as it is appended to a CRM's free-text notes. */
const stampNote = (note: string, at = new Date()) => `${at.toISOString().slice(0, 10)}: ${note}`;

/** Free-text notes with one more, stamped, on its own line. */
export const appendNote = (notes: string | null | undefined, note: string) => [notes, stampNote(note)].filter(Boolean).join('\n');

/** The CRM's own id of a customer a connector returned (`rest:42` → `42`). */
const remoteId = (customer: CustomerRow, prefix: string) => customer.id.slice(prefix.length + 1);

/** Generic REST: for in-house CRMs. */
export function restConnector(config: Extract<ConnectorConfig, { kind: 'rest' }>, extra: Extra): CrmConnector {
  const crm = 'The CRM';
  return {
    id: 'rest',
    label: 'REST CRM',
    async lookup(identity, signal) {
      if (!identity.handle && !identity.id) return null;
      const headers: Record<string, string> = {};
      if (config.authHeader && extra.token) headers[config.authHeader] = extra.token;
      const body = await fetchJson(fillTemplate(config.urlTemplate, identity), {
        crm,
        headers,
        signal,
        timeoutMs: extra.timeoutMs,
        fetchImpl: extra.fetchImpl,
        notFoundIsNull: true,
      });
      if (body === null) return null;
      let record = readPath(body, config.fields.record);
      if (record === undefined) throw mappingError(crm, `no "${config.fields.record || '(root)'}" in the response`);
      if (Array.isArray(record)) record = record[0] ?? null;
      if (record === null) return null;
      if (typeof record !== 'object') throw mappingError(crm, 'the record is not an object');
      const customer = customerRow('rest', identity, {
        id: `rest:${textAt(crm, record, config.fields.id, true)}`,
        name: textAt(crm, record, config.fields.name, true)!,
        tier: config.fields.tier ? textAt(crm, record, config.fields.tier, false) : null,
        lifetimeValue: config.fields.lifetimeValue ? numberAt(crm, record, config.fields.lifetimeValue) : null,
        notes: config.fields.notes ? textAt(crm, record, config.fields.notes, false) : null,
        tags: tagsAt(crm, record, config.fields.tags),
        orders: recordsAt(crm, record, config.fields.orders),
        tickets: recordsAt(crm, record, config.fields.tickets),
      });
      return { customer, match: identity.handle ? 'handle' : 'id' };
    },
    // Only when a note URL is configured: an in-house CRM's note endpoint cannot be guessed.
    ...(config.noteUrlTemplate
      ? {
          async writeNote(customer: CustomerRow, note: string, identity: CrmIdentity | null, signal?: AbortSignal) {
            const headers: Record<string, string> = {};
            if (config.authHeader && extra.token) headers[config.authHeader] = extra.token;
            const customerId = remoteId(customer, 'rest');
            const url = fillTemplate(
              config.noteUrlTemplate!.replace(/\{customerId\}/g, encodeURIComponent(customerId)),
              identity ?? { channel: 'x', handle: null, id: null, name: null },
            );
            await fetchJson(url, {
              crm,
              method: config.noteMethod ?? 'POST',
              headers,
              body: {
                note,
                customerId,
                channel: identity?.channel ?? null,
                handle: identity?.handle?.replace(/^@/, '') ?? null,
                at: now(),
              },
              signal,
              timeoutMs: extra.timeoutMs,
              fetchImpl: extra.fetchImpl,
              emptyIsNull: true,
            });
          },
        }
      : {}),
  };
}

/** HubSpot renders a note body as rich text: the agent's text goes in as text. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

/** HubSpot's association type id for note → contact (HUBSPOT_DEFINED), from its associations API reference. */
export const HUBSPOT_NOTE_TO_CONTACT = 202;

/**
 * HubSpot CRM v3: contacts search on the Twitter-handle property (default `twitterhandle`) with a private-app token.
 * POST /crm/v3/objects/contacts/search → { total, results: [{ id, properties: {…} }] }.
 */
export function hubspotConnector(config: Extract<ConnectorConfig, { kind: 'hubspot' }>, extra: Extra): CrmConnector {
  const crm = 'HubSpot';
  const base = config.baseUrl.replace(/\/+$/, '');
  const properties = [
    'firstname',
    'lastname',
    'email',
    config.handleProperty,
    'lifecyclestage',
    'hs_lead_status',
    'total_revenue',
    'notes_last_contacted',
  ];
  return {
    id: 'hubspot',
    label: 'HubSpot',
    async lookup(identity, signal) {
      // HubSpot's contact properties carry the Twitter handle; there is no standard Facebook property to search.
      if (identity.channel !== 'x' || !identity.handle) return null;
      const handle = identity.handle.replace(/^@/, '');
      const body = await fetchJson(`${base}/crm/v3/objects/contacts/search`, {
        crm,
        method: 'POST',
        headers: extra.token ? { Authorization: `Bearer ${extra.token}` } : {},
        // Filter groups are ORed: the handle as stored with or without its @.
        body: {
          filterGroups: [handle, `@${handle}`].map((value) => ({
            filters: [{ propertyName: config.handleProperty, operator: 'EQ', value }],
          })),
          properties,
          limit: 1,
        },
        signal,
        timeoutMs: extra.timeoutMs,
        fetchImpl: extra.fetchImpl,
      });
      const results = readPath(body, 'results');
      if (!Array.isArray(results)) throw mappingError(crm, 'no "results" list');
      if (results.length === 0) return null;
      const contact = results[0];
      const id = textAt(crm, contact, 'id', true)!;
      const props = readPath(contact, 'properties');
      if (!props || typeof props !== 'object') throw mappingError(crm, 'no "properties" on the contact');
      const name =
        [textAt(crm, props, 'firstname', false), textAt(crm, props, 'lastname', false)].filter(Boolean).join(' ') ||
        textAt(crm, props, 'email', false) ||
        `@${handle}`;
      const email = textAt(crm, props, 'email', false);
      const lastContact = textAt(crm, props, 'notes_last_contacted', false);
      const customer = customerRow('hubspot', identity, {
        id: `hubspot:${id}`,
        name,
        handles: email ? [`email:${email.toLowerCase()}`] : [],
        tier: textAt(crm, props, 'lifecyclestage', false),
        lifetimeValue: numberAt(crm, props, 'total_revenue'),
        notes: null,
        tags: [textAt(crm, props, 'hs_lead_status', false)].filter((t): t is string => !!t),
        lastContactAt: lastContact && !Number.isNaN(Date.parse(lastContact)) ? new Date(lastContact).toISOString() : null,
      });
      return { customer, match: 'handle' };
    },
    /**
     * A note engagement associated to the contact: POST /crm/v3/objects/notes with hs_timestamp, hs_note_body and
     * an association to the contact (type 202) → 201 { id, properties }.
     */
    async writeNote(customer, note, _identity, signal) {
      const body = await fetchJson(`${base}/crm/v3/objects/notes`, {
        crm,
        method: 'POST',
        headers: extra.token ? { Authorization: `Bearer ${extra.token}` } : {},
        body: {
          properties: { hs_timestamp: now(), hs_note_body: escapeHtml(note) },
          associations: [
            {
              to: { id: remoteId(customer, 'hubspot') },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_NOTE_TO_CONTACT }],
            },
          ],
        },
        signal,
        timeoutMs: extra.timeoutMs,
        fetchImpl: extra.fetchImpl,
      });
      textAt(crm, body, 'id', true); // the created note: anything else did not do what we asked
    },
  };
}

/**
 * Zendesk Support: GET /api/v2/users/search.json?query=… → { users: [...] }, then the user's requested tickets
 * GET /api/v2/users/{id}/tickets/requested.json → { tickets: [...] }. Basic (email/token:token) or Bearer auth.
 */
export function zendeskConnector(config: Extract<ConnectorConfig, { kind: 'zendesk' }>, extra: Extra): CrmConnector {
  const crm = 'Zendesk';
  const base = config.baseUrl.replace(/\/+$/, '');
  const authorization = (): Record<string, string> => {
    if (!extra.token) return {};
    if (config.auth === 'bearer') return { Authorization: `Bearer ${extra.token}` };
    return { Authorization: `Basic ${btoa(`${config.email ?? ''}/token:${extra.token}`)}` };
  };
  const common = (signal?: AbortSignal): HttpOptions => ({
    crm,
    headers: authorization(),
    signal,
    timeoutMs: extra.timeoutMs,
    fetchImpl: extra.fetchImpl,
  });
  return {
    id: 'zendesk',
    label: 'Zendesk',
    async lookup(identity, signal) {
      const query = identity.handle?.replace(/^@/, '') ?? identity.id;
      if (!query) return null;
      const body = await fetchJson(`${base}/api/v2/users/search.json?query=${encodeURIComponent(query)}`, common(signal));
      const users = readPath(body, 'users');
      if (!Array.isArray(users)) throw mappingError(crm, 'no "users" list');
      if (users.length === 0) return null;
      const user = users[0];
      const id = textAt(crm, user, 'id', true)!;
      const email = textAt(crm, user, 'email', false);
      const tags = tagsAt(crm, user, 'tags');
      let customer = customerRow('zendesk', identity, {
        id: `zendesk:${id}`,
        name: textAt(crm, user, 'name', true)!,
        handles: email ? [`email:${email.toLowerCase()}`] : [],
        tier: tags.find((t) => /^(vip|gold|silver|bronze|platinum|premium|enterprise)$/i.test(t)) ?? null,
        lifetimeValue: null,
        notes: textAt(crm, user, 'notes', false),
        tags,
      });
      customer = await this.details!(customer, signal);
      return { customer, match: identity.handle ? 'handle' : 'id' };
    },
    async details(customer, signal) {
      const userId = customer.id.replace(/^zendesk:/, '');
      const body = await fetchJson(`${base}/api/v2/users/${encodeURIComponent(userId)}/tickets/requested.json`, {
        ...common(signal),
        notFoundIsNull: true,
      });
      if (body === null) return { ...customer, tickets: [] };
      const tickets = readPath(body, 'tickets');
      if (!Array.isArray(tickets)) throw mappingError(crm, 'no "tickets" list');
      return {
        ...customer,
        tickets: tickets.slice(0, 50).map((t) => {
          const id = textAt(crm, t, 'id', true)!;
          return {
            id,
            status: textAt(crm, t, 'status', false) ?? 'unknown',
            title: textAt(crm, t, 'subject', false) ?? undefined,
            url: `${base}/agent/tickets/${encodeURIComponent(id)}`,
          };
        }),
      };
    },
    /**
     * The user's own notes field ("notes about this user", seen by agents only), appended to: GET then PUT
     * /api/v2/users/{id} with { user: { notes } }. A ticket comment would need a ticket to hang on, and a public
     * one would reach the customer; the user's notes are where Zendesk keeps agents' notes about a person.
     */
    async writeNote(customer, note, _identity, signal) {
      const url = `${base}/api/v2/users/${encodeURIComponent(remoteId(customer, 'zendesk'))}`;
      // GET then PUT replaces the whole notes field: two notes for one user at once would lose one. They are
      // serialized per user (issue 11, finding 10); a write from outside Carebar in between is Zendesk's to order.
      await oneAtATime(url, async () => {
        const current = await fetchJson(url, common(signal));
        const user = readPath(current, 'user');
        if (!user || typeof user !== 'object') throw mappingError(crm, 'no "user" in the answer');
        const notes = appendNote(textAt(crm, user, 'notes', false), note);
        const updated = await fetchJson(url, { ...common(signal), method: 'PUT', body: { user: { notes } } });
        textAt(crm, readPath(updated, 'user'), 'id', true);
      });
    },
  };
}

/** Tasks for the same key run one after another (in call order); different keys run side by side. */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.catch(() => {});
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/** The connector for a saved configuration. */
export function remoteConnector(config: Exclude<ConnectorConfig, { kind: 'local' }>, extra: Extra): CrmConnector {
  if (config.kind === 'rest') return restConnector(config, extra);
  if (config.kind === 'hubspot') return hubspotConnector(config, extra);
  return zendeskConnector(config, extra);
}

export { CrmError };
