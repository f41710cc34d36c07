import * as v from 'valibot';
import type { RowProblem, WriteReport } from '../../shared/crm/write-report';
import { authorKey } from '../../shared/author-key';
import type { QualityDB } from '../db/quality';
import type { CarebarDB } from '../db/schema';
import { forgetTeamQa } from '../qa-team';
import type { CustomerRow } from '../../shared/records';
import { CustomerInputSchema } from '../../shared/crm/schemas';
import { blocksOf, makeBlock } from './customer-blocks';
import { customerByHandle, deleteCustomer, getCustomer } from './customer-store';

// Writes to the local CRM (import chunks) and the privacy operations (forget, retention purge).

/**
 * Who holds each identity key (which keys each customer holds, and which block holds each customer), mirrored in
 * the background's memory while imports run. Asking IndexedDB per handle cost a request each (about 30 µs in Chromium, 200,000 of them for a
 * 100,000-row file: as long as the writes themselves); the mirror is read once (one getAll) and kept in step by
 * every import write. Every other write to customers that changes handles (link, unlink, forget) drops it, and it
 * is dropped when idle, so it never outlives the import it serves by much.
 */
interface HandleMirror {
  owners: Map<string, string>;
  handlesOf: Map<string, string[]>;
  blockOf: Map<string, string>;
}
const mirrors = new WeakMap<CarebarDB, { ready: Promise<HandleMirror>; idle: ReturnType<typeof setTimeout> | null }>();
const MIRROR_IDLE_MS = 30_000;

function handleMirror(db: CarebarDB): Promise<HandleMirror> {
  let entry = mirrors.get(db);
  if (!entry) {
    const ready = db.customerBlocks.toArray().then((blocks) => {
      const mirror: HandleMirror = { owners: new Map(), handlesOf: new Map(), blockOf: new Map() };
      for (const block of blocks) {
        for (const row of block.customers) {
          mirror.handlesOf.set(row.id, row.handles);
          mirror.blockOf.set(row.id, block.id);
          for (const h of row.handles) mirror.owners.set(h, row.id);
        }
      }
      return mirror;
    });
    entry = { ready, idle: null };
    mirrors.set(db, entry);
    ready.catch(() => mirrors.get(db) === entry && mirrors.delete(db));
  }
  if (entry.idle) clearTimeout(entry.idle);
  const current = entry;
  current.idle = setTimeout(() => mirrors.get(db) === current && mirrors.delete(db), MIRROR_IDLE_MS);
  return entry.ready;
}

/** A write outside the import changed who holds which handle: the next import reads the table again. */
export function dropHandleMirror(db: CarebarDB): void {
  const entry = mirrors.get(db);
  if (entry?.idle) clearTimeout(entry.idle);
  mirrors.delete(db);
}

/**
 * Validate and write one chunk of customers in one transaction: either every valid row of the chunk is written or
 * (on a storage error) none. Rows that fail validation or whose handle belongs to another customer are rejected
 * with their row number; the others are written. Chunks may arrive while the previous one is still being
 * written (the options page pipelines them): the handle check and the write are issued in arrival order, with
 * nothing awaited in between, so each chunk is checked against every chunk before it. New customers fill new
 * blocks (no read); customers already stored are replaced in their blocks, read in the chunk's own transaction,
 * which IndexedDB orders after every earlier chunk's.
 */
export async function writeCustomers(db: CarebarDB, rows: { row: number; customer: unknown }[], source: string): Promise<WriteReport> {
  const rejected: RowProblem[] = [];
  const valid: { row: number; customer: CustomerRow }[] = [];
  const now = new Date().toISOString();
  for (const { row, customer } of rows) {
    const parsed = v.safeParse(CustomerInputSchema, customer);
    if (!parsed.success) {
      rejected.push({
        row,
        reason: parsed.issues
          .slice(0, 3)
          .map((i) => `${v.getDotPath(i) ?? 'row'}: ${i.message}`)
          .join('; '),
      });
      continue;
    }
    valid.push({ row, customer: { ...parsed.output, handles: [...new Set(parsed.output.handles)], updatedAt: now, source } });
  }
  let mirror: HandleMirror;
  for (;;) {
    const ready = handleMirror(db);
    mirror = await ready;
    // A link / unlink / forget while we waited dropped it: read the table again (after that write).
    if (mirrors.get(db)?.ready === ready) break;
  }
  // From here to bulkPut: synchronous (see above).
  const seenInChunk = new Map<string, number>();
  const toWrite: CustomerRow[] = [];
  for (const { row, customer } of valid) {
    // One handle, one customer: a handle already held by a different customer rejects the row.
    const clash = customer.handles.find((h) => (mirror.owners.has(h) && mirror.owners.get(h) !== customer.id) || seenInChunk.has(h));
    if (clash) {
      rejected.push({
        row,
        reason: seenInChunk.has(clash)
          ? `duplicate handle ${clash} (also in row ${seenInChunk.get(clash)})`
          : `handle ${clash} belongs to another customer`,
      });
      continue;
    }
    for (const h of customer.handles) seenInChunk.set(h, row);
    toWrite.push(customer);
  }
  const fresh = new Map<string, CustomerRow>(); // a new id twice in one chunk: the later row wins, as with put
  const updates = new Map<string, Map<string, CustomerRow>>(); // block id → its customers replaced by this chunk
  for (const customer of toWrite) {
    for (const h of mirror.handlesOf.get(customer.id) ?? []) if (mirror.owners.get(h) === customer.id) mirror.owners.delete(h);
    mirror.handlesOf.set(customer.id, customer.handles);
    for (const h of customer.handles) mirror.owners.set(h, customer.id);
    const blockId = mirror.blockOf.get(customer.id);
    if (blockId) {
      const inBlock = updates.get(blockId) ?? new Map<string, CustomerRow>();
      inBlock.set(customer.id, customer);
      updates.set(blockId, inBlock);
    } else fresh.set(customer.id, customer);
  }
  const newBlocks = blocksOf([...fresh.values()]);
  for (const block of newBlocks) for (const id of block.ids) mirror.blockOf.set(id, block.id);
  try {
    await db.transaction('rw', db.customerBlocks, async () => {
      if (updates.size) {
        const stored = await db.customerBlocks.bulkGet([...updates.keys()]);
        await db.customerBlocks.bulkPut(
          stored
            .filter((b) => b !== undefined)
            .map((b) => {
              const replaced = updates.get(b.id)!;
              return makeBlock(
                b.id,
                b.customers.map((c) => replaced.get(c.id) ?? c),
              );
            }),
        );
        // A block gone meanwhile (cannot happen while the mirror lives: every other write drops it): fail loudly.
        if (stored.some((b) => b === undefined)) throw new Error('A customer block changed during the import; import the file again.');
      }
      await db.customerBlocks.bulkPut(newBlocks);
    });
  } catch (err) {
    dropHandleMirror(db); // the mirror already counts rows that were not written
    throw err;
  }
  return { written: toWrite.length, rejected: rejected.sort((a, b) => a.row - b.row) };
}

/**
 * Every local row about these items, other than the items and their events (issues 16.5, 17): the interactions kept
 * for review (the customer's post and the agent's reply) with their reviews and coaching notes, engagement samples
 * and viral verdicts, and the team's copies (team events and team item states). The agent's outbox is not touched
 * here: an unsent change is the agent's work (forgetCustomer drops only unsent events about the forgotten items).
 * Runs inside the caller's transaction when there is one (its tables are a subset of RELATED_TABLES).
 */
async function deleteRelatedRows(db: CarebarDB, itemKeys: string[]): Promise<{ interactions: number; team: number }> {
  if (!itemKeys.length) return { interactions: 0, team: 0 };
  const q = db as QualityDB;
  // The same deletion the team's forget marker runs on receipt (lib/background/qa-team.ts): one rule for both paths.
  const interactions = await forgetTeamQa(db, null, itemKeys);
  await q.engagementSamples.where('itemKey').anyOf(itemKeys).delete();
  await q.viralStatus.bulkDelete(itemKeys);
  const teamEvents = await q.teamEvents.where('itemKey').anyOf(itemKeys).primaryKeys();
  await q.teamEvents.bulkDelete(teamEvents);
  const teamItems = (await q.teamItems.bulkGet(itemKeys)).filter(Boolean).length;
  await q.teamItems.bulkDelete(itemKeys);
  return { interactions, team: teamEvents.length + teamItems };
}

const relatedTables = (db: CarebarDB) => {
  const q = db as QualityDB;
  return [q.interactions, q.qaReviews, q.coachingNotes, q.engagementSamples, q.viralStatus, q.teamEvents, q.teamItems];
};

/**
 * "Forget this customer": the customer row, every item by any of their identities (or by this one identity when
 * they are not in the CRM), those items' events, every cached CRM answer about them, and every other local row
 * about those items (deleteRelatedRows): interactions, reviews, coaching notes, engagement, team copies.
 */
export async function forgetCustomer(
  db: CarebarDB,
  target: { customerId?: string; identityKey?: string },
): Promise<{ customers: number; items: number; events: number; cached: number; interactions: number; team: number }> {
  dropHandleMirror(db);
  return db.transaction('rw', [db.customerBlocks, db.items, db.events, db.crmCache, db.teamOutbox, ...relatedTables(db)], async () => {
    const customer = target.customerId ? await getCustomer(db, target.customerId) : undefined;
    const keys = new Set<string>([...(customer?.handles ?? []), ...(target.identityKey ? [target.identityKey.toLowerCase()] : [])]);
    if (!customer && target.identityKey) {
      const owner = await customerByHandle(db, target.identityKey.toLowerCase());
      if (owner) for (const h of owner.handles) keys.add(h);
      if (owner) target = { ...target, customerId: owner.id };
    }
    const itemKeys = keys.size
      ? ((await db.items
          .where('authorKey')
          .anyOf([...keys])
          .primaryKeys()) as string[])
      : [];
    // Interactions copied from the team may be about items this machine never saw: found by the customer's handle.
    const q = db as QualityDB;
    const handleKeys = keys.size
      ? (await q.interactions.toArray())
          .filter((i) => i.customerHandle && keys.has(authorKey({ channel: i.channel, handle: i.customerHandle, id: null }) ?? ''))
          .map((i) => i.itemKey)
      : [];
    const allKeys = [...new Set([...itemKeys, ...handleKeys])];
    const eventIds = allKeys.length ? await db.events.where('itemKey').anyOf(allKeys).primaryKeys() : [];
    const cacheKeys = keys.size
      ? (await db.crmCache.toArray())
          .filter((r) => keys.has(r.identityKey) || r.customer?.handles.some((h) => keys.has(h)))
          .map((r) => r.key)
      : [];
    await db.events.bulkDelete(eventIds);
    await db.items.bulkDelete(itemKeys);
    await db.crmCache.bulkDelete(cacheKeys);
    const related = await deleteRelatedRows(db, allKeys);
    // An unsent team event about these items (an interaction with the customer's post) would carry their words to
    // the team after the forget: it goes too. Unsent state changes carry no customer text and stay.
    const forgotten = new Set(allKeys);
    const unsent = (await db.teamOutbox.toArray()).filter(
      (op) => op.type === 'event' && op.event.itemKey && forgotten.has(op.event.itemKey),
    );
    await db.teamOutbox.bulkDelete(unsent.map((op) => op.id));
    let customers = 0;
    if (target.customerId && (await deleteCustomer(db, target.customerId))) customers = 1;
    return { customers, items: itemKeys.length, events: eventIds.length, cached: cacheKeys.length, ...related };
  });
}

export const RETENTION_KEY = 'retention';
export const DEFAULT_RETENTION_DAYS = 365;

export async function readRetentionDays(db: CarebarDB): Promise<number> {
  const value = (await db.settings.get(RETENTION_KEY))?.value as { days?: number } | undefined;
  return value?.days ?? DEFAULT_RETENTION_DAYS;
}

export async function writeRetentionDays(db: CarebarDB, days: number): Promise<void> {
  await db.settings.put({ key: RETENTION_KEY, value: { days } });
}

/**
 * Delete items posted (and last seen) before the cut-off with their events, events older than the cut-off, and
 * cached CRM answers older than it; with the same rule, every other local row about the deleted items
 * (deleteRelatedRows), interactions replied before the cut-off (with their reviews and notes) and team events older
 * than it, unless their item is kept. Items still open are kept: deleting them would drop customers we owe a reply.
 * The team outbox is never purged: an unsent change is the agent's work.
 */
export async function purgeOlderThan(
  db: CarebarDB,
  days: number,
  now = Date.now(),
): Promise<{ items: number; events: number; cached: number; interactions: number; team: number }> {
  const cutoff = new Date(now - days * 86_400_000).toISOString();
  const q = db as QualityDB;
  return db.transaction('rw', [db.items, db.events, db.crmCache, ...relatedTables(db)], async () => {
    const old = (await db.items
      .where('postedAt')
      .below(cutoff)
      .filter((i) => i.lastSeenAt < cutoff && !['new', 'claimed', 'escalated', 'dm'].includes(i.state))
      .primaryKeys()) as string[];
    const itemEvents = old.length ? await db.events.where('itemKey').anyOf(old).primaryKeys() : [];
    const oldEvents = await db.events
      .where('at')
      .below(cutoff)
      .filter((e) => !old.includes(e.itemKey))
      .primaryKeys();
    // Events of items that are kept stay: an item's state must remain explainable by its log.
    const keptItems = new Set(
      await db.items
        .where('key')
        .anyOf([...new Set((await db.events.bulkGet(oldEvents)).map((e) => e!.itemKey))])
        .primaryKeys(),
    );
    const orphanEvents = (await db.events.bulkGet(oldEvents)).filter((e) => e && !keptItems.has(e.itemKey)).map((e) => e!.id);
    const cached = await db.crmCache.where('fetchedAt').below(cutoff).primaryKeys();
    await db.events.bulkDelete([...itemEvents, ...orphanEvents]);
    await db.items.bulkDelete(old);
    await db.crmCache.bulkDelete(cached);
    const related = await deleteRelatedRows(db, old);
    // Rows older than the cut-off about items this machine does not keep (never seen here, or purged before).
    const isKept = async (keys: string[]) => new Set((await db.items.where('key').anyOf(keys).primaryKeys()) as string[]);
    const oldInteractions = await q.interactions.where('repliedAt').below(cutoff).toArray();
    const keptI = await isKept([...new Set(oldInteractions.map((i) => i.itemKey))]);
    const goneI = oldInteractions.filter((i) => !keptI.has(i.itemKey)).map((i) => i.id);
    if (goneI.length) {
      await q.qaReviews.where('interactionId').anyOf(goneI).delete();
      await q.coachingNotes.where('interactionId').anyOf(goneI).delete();
      await q.interactions.bulkDelete(goneI);
    }
    // A note or review whose interaction is gone and that is itself older than the cut-off.
    const orphanNotes = (await q.coachingNotes.where('at').below(cutoff).toArray()).filter((n) => n.interactionId);
    const haveNoteI = await q.interactions.bulkGet(orphanNotes.map((n) => n.interactionId!));
    await q.coachingNotes.bulkDelete(orphanNotes.filter((_, i) => !haveNoteI[i]).map((n) => n.id));
    const orphanReviews = await q.qaReviews.where('reviewedAt').below(cutoff).toArray();
    const haveReviewI = await q.interactions.bulkGet(orphanReviews.map((r) => r.interactionId));
    await q.qaReviews.bulkDelete(orphanReviews.filter((_, i) => !haveReviewI[i]).map((r) => r.id));
    const oldTeam = await q.teamEvents.where('at').below(cutoff).toArray();
    const keptT = await isKept([...new Set(oldTeam.flatMap((e) => (e.itemKey ? [e.itemKey] : [])))]);
    const goneT = oldTeam.filter((e) => !e.itemKey || !keptT.has(e.itemKey)).map((e) => e.id);
    await q.teamEvents.bulkDelete(goneT);
    const oldSamples = await q.engagementSamples.where('at').below(cutoff).toArray();
    const keptS = await isKept([...new Set(oldSamples.map((e) => e.itemKey))]);
    await q.engagementSamples.bulkDelete(oldSamples.filter((e) => !keptS.has(e.itemKey)).map((e) => e.id));
    return {
      items: old.length,
      events: itemEvents.length + orphanEvents.length,
      cached: cached.length,
      interactions: related.interactions + goneI.length,
      team: related.team + goneT.length,
    };
  });
}
