import type { CarebarDB } from '../db/schema';
import { customerCard, type CustomerCard } from '../db/customers';
import type { ServerContext } from '../server';
import { countCustomers, getCustomer, searchHandlePrefix, searchNamePrefix, updateCustomer } from './customer-store';
import { CustomerNotFoundError, linkIdentity, unlinkIdentity } from './local';
import { appendNote } from './remote';
import type { ConnectorConfig } from '../../shared/crm/schemas';
import { activeRemoteConnector, cachedLookup, connectorStatus, createLimiter, noteUnavailable, rememberNote, saveConnector, type Limiter } from './service';
import { forgetCustomer, purgeOlderThan, readRetentionDays, seedDemoCustomers, writeCustomers, writeRetentionDays } from './store';

export { CustomerNotFoundError };

/** A note the remote CRM could not take (not configured, no customer, the CRM failed): said to the agent as is. */
export class CrmNoteRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrmNoteRejected';
  }
}

// The background's CRM request handlers (wired in lib/background/server.ts).

const limiters = new WeakMap<CarebarDB, Limiter>();
const limiterFor = (db: CarebarDB) => {
  let limiter = limiters.get(db);
  if (!limiter) limiters.set(db, (limiter = createLimiter(4)));
  return limiter;
};

/** Test hook: remote requests made through a custom fetch (a local node:http server needs none; kept for timeouts). */
export const remoteOptions: { timeoutMs?: number } = {};

export const crmHandlers = {
  async card(key: string, ctx: ServerContext): Promise<{ card: CustomerCard | null }> {
    const card = await customerCard(ctx.db, key);
    if (!card) return { card };
    const connector = await activeRemoteConnector(ctx.db, remoteOptions);
    if (connector) {
      const { item } = card;
      const { revalidated: _r, ...remote } = await cachedLookup(ctx.db, connector, { channel: item.channel, handle: item.authorHandle, id: item.authorId, name: item.authorName }, { limiter: limiterFor(ctx.db) });
      card.remote = { ...remote, notes: connector.writeNote ? 'writable' : noteUnavailable(connector) };
    }
    return { card };
  },
  async search(query: string, ctx: ServerContext) {
    const q = query.toLowerCase();
    // Name prefix (any case) or an identity key prefix.
    const byName = await searchNamePrefix(ctx.db, query, 10);
    const byHandle = await searchHandlePrefix(ctx.db, q, 10);
    const seen = new Set<string>();
    const customers = [...byName, ...byHandle]
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .slice(0, 10)
      .map((c) => ({ id: c.id, name: c.name, tier: c.tier, handles: c.handles }));
    return { customers };
  },
  async link({ customerId, identityKey }: { customerId: string; identityKey: string }, ctx: ServerContext) {
    await linkIdentity(ctx.db, customerId, identityKey);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return { ok: true as const };
  },
  async unlink({ customerId, identityKey }: { customerId: string; identityKey: string }, ctx: ServerContext) {
    await unlinkIdentity(ctx.db, customerId, identityKey);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return { ok: true as const };
  },
  async note({ customerId, note }: { customerId: string; note: string }, ctx: ServerContext) {
    const customer = await getCustomer(ctx.db, customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    await updateCustomer(ctx.db, customerId, { notes: appendNote(customer.notes, note), updatedAt: new Date().toISOString() });
    return { ok: true as const };
  },
  /**
   * A note about the card's remote-CRM customer, written to that CRM from here (the token never leaves the
   * background). The customer is the one the CRM itself returned for the post's author, never an id from the frame.
   */
  async remoteNote({ key, note }: { key: string; note: string }, ctx: ServerContext): Promise<{ ok: true; connector: string }> {
    const item = await ctx.db.items.get(key);
    if (!item) throw new CrmNoteRejected('Carebar has not stored this post.');
    const connector = await activeRemoteConnector(ctx.db, remoteOptions);
    if (!connector) throw new CrmNoteRejected('No remote CRM is configured.');
    if (!connector.writeNote) throw new CrmNoteRejected(noteUnavailable(connector));
    const identity = { channel: item.channel, handle: item.authorHandle, id: item.authorId, name: item.authorName };
    const found = await cachedLookup(ctx.db, connector, identity, { limiter: limiterFor(ctx.db) });
    if (!found.customer) throw new CrmNoteRejected(found.error ?? `${connector.label} has no customer for this author.`);
    const customer = found.customer;
    try {
      await limiterFor(ctx.db).run(() => connector.writeNote!(customer, note, identity));
    } catch (err) {
      throw new CrmNoteRejected(`The note was not saved: ${(err as Error).message}`);
    }
    // The cached answer shows the note at once (the CRM's copy is the truth; the next refresh brings it).
    await rememberNote(ctx.db, connector, identity, note);
    return { ok: true, connector: connector.label };
  },
  async forget(target: { customerId?: string; identityKey?: string }, ctx: ServerContext) {
    const result = await forgetCustomer(ctx.db, target);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return result;
  },
  seedDemo: (ctx: ServerContext) => seedDemoCustomers(ctx.db),
  importRows: (rows: { row: number; customer: unknown }[], ctx: ServerContext) => writeCustomers(ctx.db, rows, 'import'),
  async stats(ctx: ServerContext) {
    return { customers: await countCustomers(ctx.db), cached: await ctx.db.crmCache.count() };
  },
  connectorGet: (ctx: ServerContext) => connectorStatus(ctx.db),
  async connectorSave(config: ConnectorConfig, token: string | null | undefined, ctx: ServerContext) {
    await saveConnector(ctx.db, config, token);
    return connectorStatus(ctx.db);
  },
  retentionGet: async (ctx: ServerContext) => ({ days: await readRetentionDays(ctx.db) }),
  async retentionSet(days: number, ctx: ServerContext) {
    await writeRetentionDays(ctx.db, days);
    return { days };
  },
  retentionRun: async (ctx: ServerContext) => purgeOlderThan(ctx.db, await readRetentionDays(ctx.db)),
};
