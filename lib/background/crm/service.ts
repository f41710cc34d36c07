import type { CarebarDB } from '../db/schema';
import type { CrmCacheRow } from '../../shared/records';
import type { RemoteCardPart } from '../../shared/customer-card';
import { identityKeys } from '../../shared/author-key';
import type { CrmConnector, CrmIdentity } from '../../shared/crm/connector';
import { CrmError } from './http';
import { appendNote, remoteConnector } from './remote';
import type { ConnectorConfig } from '../../shared/crm/schemas';
import { readManagedConnector } from '../db/policy';

// The background's side of remote CRMs: which one is configured, its token (secrets table only), the cache with
// TTL and stale-while-revalidate, and a concurrency cap with 429 back-off for batched lookups.

export const CONNECTOR_KEY = 'crm.connector';
export const TOKEN_KEY = 'crm.token';
/**
 * The agent's token for the connector the organisation's policy sets, kept apart from their own connector's token
 * (which stays for when the policy goes away) and bound to the address it was entered for.
 */
export const MANAGED_TOKEN_KEY = 'crm.token.managed';
/** The agent's own part of a policy's connector: the Zendesk e-mail, which a policy for the whole team cannot hold. */
const MANAGED_AGENT_KEY = 'crm.connector.agent';
export const DEFAULT_TTL_MS = 15 * 60_000;

/** The connector the agent configured, whatever the policy says. */
async function readOwnConnectorConfig(db: CarebarDB): Promise<ConnectorConfig> {
  return ((await db.settings.get(CONNECTOR_KEY))?.value as ConnectorConfig | undefined) ?? { kind: 'local' };
}

/** The connector in force: the organisation's policy's (with the agent's e-mail for Zendesk) over the agent's own. */
export async function readConnectorConfig(db: CarebarDB): Promise<ConnectorConfig> {
  const managed = await readManagedConnector(db);
  if (!managed) return readOwnConnectorConfig(db);
  if (managed.kind !== 'zendesk' || managed.email) return managed;
  const agent = (await db.settings.get(MANAGED_AGENT_KEY))?.value as { email?: string } | undefined;
  return agent?.email ? { ...managed, email: agent.email } : managed;
}

/** The token for the connector in force; a policy's connector only gets a token entered for its address. */
async function readToken(db: CarebarDB, config: ConnectorConfig, managed: boolean): Promise<string | null> {
  if (!managed) return (await db.secrets.get(TOKEN_KEY))?.value ?? null;
  const row = await db.secrets.get(MANAGED_TOKEN_KEY);
  return row && row.address === tokenAddress(config) ? row.value : null;
}

/** What the options page may see of the configuration: the token only masked; `managed` when the policy sets it. */
export async function connectorStatus(db: CarebarDB): Promise<{ config: ConnectorConfig; tokenMasked: string | null; managed: boolean }> {
  const managed = !!(await readManagedConnector(db));
  const config = await readConnectorConfig(db);
  const token = await readToken(db, config, managed);
  return { config, tokenMasked: token ? maskToken(token) : null, managed };
}

export function maskToken(token: string): string {
  return token.length <= 8 ? '•'.repeat(token.length) : `${'•'.repeat(8)}${token.slice(-4)}`;
}

/**
 * Where a configuration sends its token: the kind, and the origins of its URL templates (REST) or its base URL. A
 * template with a placeholder before its path is its own address: any change to it is a new one.
 */
export function tokenAddress(config: ConnectorConfig): string {
  if (config.kind === 'local') return 'local';
  const urls = config.kind === 'rest' ? [config.urlTemplate, config.noteUrlTemplate ?? ''] : [config.baseUrl.replace(/\/+$/, '')];
  const origin = (url: string) => {
    const authority = /^[a-z]+:\/\/[^/?#]*/i.exec(url)?.[0] ?? url;
    if (authority.includes('{')) return authority;
    try {
      return new URL(authority).origin;
    } catch {
      return authority;
    }
  };
  const places = config.kind === 'rest' ? urls.filter(Boolean).map(origin) : urls;
  return JSON.stringify([config.kind, [...new Set(places)].sort()]);
}

/**
 * Save the connector; `token` undefined keeps the stored one, null deletes it. A token never follows a changed
 * address or kind (issue 11, finding 4): it is dropped unless a new one comes with the change.
 */
export async function saveConnector(db: CarebarDB, config: ConnectorConfig, token: string | null | undefined): Promise<void> {
  if (await readManagedConnector(db)) return saveForManagedConnector(db, config, token);
  await db.transaction('rw', db.settings, db.secrets, db.crmCache, async () => {
    const previous = await readOwnConnectorConfig(db);
    await db.settings.put({ key: CONNECTOR_KEY, value: config });
    const moved = tokenAddress(previous) !== tokenAddress(config);
    if (token === null || (token === undefined && moved)) await db.secrets.delete(TOKEN_KEY);
    else if (token !== undefined) await db.secrets.put({ key: TOKEN_KEY, value: token, updatedAt: new Date().toISOString() });
    // Answers from another CRM (or another mapping) must not be shown as this one's.
    if (JSON.stringify(previous) !== JSON.stringify(config)) await db.crmCache.clear();
  });
}

/**
 * Under a policy's connector the agent saves only their own part: the token (bound to the policy's address) and, for
 * Zendesk with e-mail sign-in, their e-mail. The policy's fields are not theirs to change; their own connector stays
 * stored as it was.
 */
async function saveForManagedConnector(db: CarebarDB, config: ConnectorConfig, token: string | null | undefined): Promise<void> {
  await db.transaction('rw', db.settings, db.secrets, db.crmCache, async () => {
    const managed = (await readManagedConnector(db))!;
    const previous = await readConnectorConfig(db);
    if (managed.kind === 'zendesk' && !managed.email && config.kind === 'zendesk')
      await db.settings.put({ key: MANAGED_AGENT_KEY, value: { email: config.email ?? '' } });
    const current = await readConnectorConfig(db);
    const address = tokenAddress(current);
    if (token === null) await db.secrets.delete(MANAGED_TOKEN_KEY);
    else if (token !== undefined)
      await db.secrets.put({ key: MANAGED_TOKEN_KEY, value: token, address, updatedAt: new Date().toISOString() });
    if (JSON.stringify(previous) !== JSON.stringify(current)) await db.crmCache.clear();
  });
}

/** The configured remote connector, or null when the local CRM is the only one. */
export async function activeRemoteConnector(
  db: CarebarDB,
  extra: { timeoutMs?: number; fetchImpl?: typeof fetch; hostPermitted?: (origin: string) => Promise<boolean> } = {},
): Promise<CrmConnector | null> {
  const config = await readConnectorConfig(db);
  if (config.kind === 'local') return null;
  const token = await readToken(db, config, !!(await readManagedConnector(db)));
  const { hostPermitted, ...rest } = extra;
  const fetchImpl = hostPermitted
    ? permittedFetch(extra.fetchImpl ?? ((input, init) => fetch(input, init)), hostPermitted)
    : extra.fetchImpl;
  return remoteConnector(config, { token, ...rest, fetchImpl });
}

/** fetch that first checks the origin's host permission: nothing (no token) goes to an origin not granted. */
function permittedFetch(inner: typeof fetch, hostPermitted: (origin: string) => Promise<boolean>): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const origin = new URL(input instanceof Request ? input.url : String(input)).origin;
    if (!(await hostPermitted(origin))) {
      throw new CrmError('forbidden', `Carebar has no permission to reach ${origin}: allow it in Carebar's options (CRM), then try again`);
    }
    return inner(input, init);
  }) as typeof fetch;
}

/** Runs tasks at most `limit` at a time; a 429 pauses every task until its Retry-After has passed, then retries. */
export function createLimiter(limit = 4, options: { maxRetries?: number; defaultBackoffMs?: number } = {}) {
  let active = 0;
  let pausedUntil = 0;
  const waiting: (() => void)[] = [];
  const maxRetries = options.maxRetries ?? 2;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const acquire = async () => {
    while (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  const stats = { peak: 0 };
  async function run<T>(task: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await acquire();
      stats.peak = Math.max(stats.peak, active);
      try {
        const wait = pausedUntil - Date.now();
        if (wait > 0) await sleep(wait);
        return await task();
      } catch (err) {
        if (err instanceof CrmError && err.kind === 'rate-limited' && attempt < maxRetries) {
          pausedUntil = Math.max(pausedUntil, Date.now() + (err.retryAfterMs ?? options.defaultBackoffMs ?? 1000));
          continue;
        }
        throw err;
      } finally {
        release();
      }
    }
  }
  return {
    run,
    stats,
    get pausedUntil() {
      return pausedUntil;
    },
  };
}

export type Limiter = ReturnType<typeof createLimiter>;

const cacheKey = (connectorId: string, identity: CrmIdentity) => {
  const { handleKey, idKey } = identityKeys(identity);
  return `${connectorId}|${handleKey ?? idKey ?? ''}`;
};

/**
 * A remote CRM's answer for one identity: fresh from the cache within the TTL; stale from the cache past it while
 * a refresh runs (stale-while-revalidate; `revalidated` settles when it is done); fetched when not cached. A
 * failing or offline CRM gives the cached answer with its "as of" time and the error, never nothing. A failed
 * lookup (mapping mismatch included) stores nothing.
 */
export async function cachedLookup(
  db: CarebarDB,
  connector: CrmConnector,
  identity: CrmIdentity,
  options: { ttlMs?: number; limiter?: Limiter; now?: () => number } = {},
): Promise<RemoteCardPart & { revalidated?: Promise<void> }> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const { handleKey, idKey } = identityKeys(identity);
  if (!handleKey && !idKey) return { connector: connector.label, customer: null, asOf: null, stale: false, error: null };
  const key = cacheKey(connector.id, identity);
  const cached = await db.crmCache.get(key);
  const fetchFresh = async (): Promise<CrmCacheRow> => {
    const run = () => connector.lookup(identity);
    const found = await (options.limiter ? options.limiter.run(run) : run());
    const row: CrmCacheRow = {
      key,
      connectorId: connector.id,
      identityKey: handleKey ?? idKey!,
      customer: found?.customer ?? null,
      fetchedAt: new Date(now()).toISOString(),
    };
    await db.crmCache.put(row);
    return row;
  };
  const part = (row: CrmCacheRow, stale: boolean, error: string | null) => ({
    connector: connector.label,
    customer: row.customer,
    asOf: row.fetchedAt,
    stale,
    error,
  });
  if (cached && !cached.lastError && now() - Date.parse(cached.fetchedAt) < ttl) return part(cached, false, null);
  if (cached) {
    // The stale answer stays on failure, with the error remembered for the next open ("as of … · error").
    const revalidated = fetchFresh().then(
      () => undefined,
      async (err: Error) => {
        await db.crmCache.update(key, { lastError: err.message }).catch(() => {});
      },
    );
    return { ...part(cached, true, cached.lastError ?? null), revalidated };
  }
  try {
    return part(await fetchFresh(), false, null);
  } catch (err) {
    return { connector: connector.label, customer: null, asOf: null, stale: false, error: (err as Error).message };
  }
}

/** Why the card offers no note box for a remote CRM. */
export const noteUnavailable = (connector: Pick<CrmConnector, 'id' | 'label'>) =>
  connector.id === 'rest'
    ? `${connector.label}: writing notes is not set up (add a note URL in Carebar's options).`
    : `${connector.label} takes no notes from Carebar.`;

/** Append a note just written to the CRM to its cached answer for this identity, stamped as the card shows notes. */
export async function rememberNote(db: CarebarDB, connector: CrmConnector, identity: CrmIdentity, note: string): Promise<void> {
  const key = cacheKey(connector.id, identity);
  await db.transaction('rw', db.crmCache, async () => {
    const row = await db.crmCache.get(key);
    if (!row?.customer) return;
    await db.crmCache.update(key, { customer: { ...row.customer, notes: appendNote(row.customer.notes, note) } });
  });
}
