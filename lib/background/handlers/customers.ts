import type { CarebarDB } from '../db/schema';
import { customerBadges, customerCard } from '../db/customers';
import { countCustomers, searchHandlePrefix, searchNamePrefix } from '../crm/customer-store';
import { CrmNoteRejected } from '../crm/errors';
import { addLocalNote, linkIdentity, unlinkIdentity } from '../crm/local';
import {
  activeRemoteConnector,
  cachedLookup,
  connectorStatus,
  createLimiter,
  noteUnavailable,
  rememberNote,
  saveConnector,
  type Limiter,
} from '../crm/service';
import { forgetCustomer, purgeOlderThan, readRetentionDays, writeCustomers, writeRetentionDays } from '../crm/store';
import { issueCardToken } from '../card-tokens';
import { ForbiddenError } from '../request-errors';
import type { AreaRequests, HandlerTable } from './context';

// Customer lookup and the local / remote CRM. The request rules keep confidential fields to extension documents.

const limiters = new WeakMap<CarebarDB, Limiter>();
const limiterFor = (db: CarebarDB) => {
  let limiter = limiters.get(db);
  if (!limiter) limiters.set(db, (limiter = createLimiter(4)));
  return limiter;
};

export const customerHandlers: HandlerTable<AreaRequests<'customers'>> = {
  'customers.cardToken': async ({ key }, ctx) => {
    const tabId = ctx.sender?.tab?.id;
    // Only a content script (in the item's site's tab: checked by the server) opens a card.
    if (tabId === undefined || ctx.sender?.url?.startsWith(ctx.extensionOrigin))
      throw new ForbiddenError('Only a toolbar on the page opens a customer card');
    return { token: await issueCardToken(ctx.db, tabId, key) };
  },
  'customers.card': async ({ key }, ctx) => {
    const card = await customerCard(ctx.db, key);
    if (!card) return { card };
    const connector = await activeRemoteConnector(ctx.db, { hostPermitted: ctx.hostPermitted });
    if (connector) {
      const { item } = card;
      const { revalidated: _r, ...remote } = await cachedLookup(
        ctx.db,
        connector,
        { channel: item.channel, handle: item.authorHandle, id: item.authorId, name: item.authorName },
        { limiter: limiterFor(ctx.db) },
      );
      card.remote = { ...remote, notes: connector.writeNote ? 'writable' : noteUnavailable(connector) };
    }
    return { card };
  },
  'customers.badge': async ({ authors }, ctx) => ({ badges: await customerBadges(ctx.db, authors) }),
  'customers.search': async ({ query }, ctx) => {
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
  'customers.link': async ({ customerId, identityKey }, ctx) => {
    await linkIdentity(ctx.db, customerId, identityKey);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return { ok: true };
  },
  'customers.unlink': async ({ customerId, identityKey }, ctx) => {
    await unlinkIdentity(ctx.db, customerId, identityKey);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return { ok: true };
  },
  'customers.note': async ({ customerId, note }, ctx) => {
    await addLocalNote(ctx.db, customerId, note);
    return { ok: true };
  },
  /**
   * A note about the card's remote-CRM customer, written to that CRM from here (the token never leaves the
   * background). The customer is the one the CRM itself returned for the post's author, never an id from the frame.
   */
  'customers.remoteNote': async ({ key, note }, ctx) => {
    const item = await ctx.db.items.get(key);
    if (!item) throw new CrmNoteRejected('Carebar has not stored this post.');
    const connector = await activeRemoteConnector(ctx.db, { hostPermitted: ctx.hostPermitted });
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
  'customers.forget': async (target, ctx) => {
    // The team's copies first (this needs the customer's identities, which the local forget deletes).
    await ctx.team?.forgetTarget(target);
    const result = await forgetCustomer(ctx.db, target);
    ctx.broadcast({ type: 'items.changed', items: [] });
    return result;
  },
};

export const crmHandlers: HandlerTable<AreaRequests<'crm'>> = {
  'crm.importRows': async ({ rows }, ctx) => writeCustomers(ctx.db, rows, 'import'),
  'crm.stats': async (_input, ctx) => ({ customers: await countCustomers(ctx.db), cached: await ctx.db.crmCache.count() }),
  'crm.connector.get': async (_input, ctx) => connectorStatus(ctx.db),
  'crm.connector.save': async ({ config, token }, ctx) => {
    await saveConnector(ctx.db, config, token);
    return connectorStatus(ctx.db);
  },
  'crm.retention.get': async (_input, ctx) => ({ days: await readRetentionDays(ctx.db) }),
  'crm.retention.set': async ({ days }, ctx) => {
    await writeRetentionDays(ctx.db, days);
    return { days };
  },
  'crm.retention.run': async (_input, ctx) => purgeOlderThan(ctx.db, await readRetentionDays(ctx.db)),
};
