// Export (backup) and import (restore / merge) of items and their events, and the Reports page's data query.
import Papa from 'papaparse';
import * as v from 'valibot';
import { ItemKeySchema, PERMALINK_HOSTS } from '../../shared/item-schemas';
import { CHANNELS, ITEM_STATES } from '../../shared/model';
import type { ImportReport } from '../../shared/backup-report';
import type { CarebarDB } from './schema';
import { nextSeq } from './items';
import type { EventRow, ItemRow } from '../../shared/records';

export const EXPORT_FORMAT = 'carebar-export';
export const EXPORT_VERSION = 1;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  items: ItemRow[];
  events: EventRow[];
}

/** An import file that is not a valid Carebar export; nothing was written. */
export class BackupRejectedError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'BackupRejectedError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Export

/** Items by key, events oldest first (by time, then id): a stable order, so two exports of the same data are equal. */
export async function exportDocument(db: CarebarDB, now = new Date().toISOString()): Promise<ExportDocument> {
  return db.transaction('r', db.items, db.events, async () => {
    const items = await db.items.orderBy('key').toArray();
    const events = (await db.events.toArray()).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now, items, events };
  });
}

export const ITEM_COLUMNS = [
  'key',
  'channel',
  'postId',
  'kind',
  'permalink',
  'authorHandle',
  'authorName',
  'authorId',
  'authorKey',
  'excerpt',
  'postedAt',
  'postedAtEstimated',
  'firstSeenAt',
  'lastSeenAt',
  'state',
  'stateChangedAt',
  'agent',
  'firstResponseAt',
  'inReplyToKey',
  'breachNotifiedAt',
] as const satisfies readonly (keyof ItemRow)[];
export const EVENT_COLUMNS = ['id', 'itemKey', 'from', 'to', 'at', 'agent', 'note'] as const satisfies readonly (keyof EventRow)[];

function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: T[]): string {
  return Papa.unparse(
    {
      fields: [...columns],
      data: rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : r[c]))),
    },
    {
      // Customer text is untrusted: a cell starting with = + - @ is prefixed with ' so a spreadsheet shows it as
      // text instead of running it as a formula.
      escapeFormulae: true,
      newline: '\r\n',
    },
  );
}

/** For spreadsheets: one header row, then one row per item / event; RFC 4180 quoting. Not re-importable. */
export function toCsvFiles(doc: Pick<ExportDocument, 'items' | 'events'>): { itemsCsv: string; eventsCsv: string } {
  return { itemsCsv: toCsv(ITEM_COLUMNS, doc.items), eventsCsv: toCsv(EVENT_COLUMNS, doc.events) };
}

export async function exportBackup(
  db: CarebarDB,
  format: 'json' | 'csv',
): Promise<{ json: string } | { itemsCsv: string; eventsCsv: string }> {
  const doc = await exportDocument(db);
  return format === 'json' ? { json: JSON.stringify(doc, null, 2) } : toCsvFiles(doc);
}

// ---------------------------------------------------------------------------------------------------------------
// Import

const IsoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const NullableText = (max: number) => v.nullable(Text(max));
const State = v.picklist(ITEM_STATES);

const ItemSchema = v.pipe(
  v.object({
    key: ItemKeySchema,
    channel: v.picklist(CHANNELS),
    postId: Text(160),
    kind: v.picklist(['post', 'comment']),
    // Agents open permalinks: only https links on the item's own site, as for seen posts.
    permalink: v.pipe(v.string(), v.maxLength(2000), v.url()),
    authorHandle: NullableText(100),
    authorName: NullableText(300),
    authorId: v.nullable(v.pipe(v.string(), v.regex(/^\d{1,25}$/))),
    authorKey: NullableText(200),
    excerpt: Text(2000),
    postedAt: IsoTime,
    postedAtEstimated: v.boolean(),
    firstSeenAt: IsoTime,
    lastSeenAt: IsoTime,
    state: State,
    stateChangedAt: IsoTime,
    agent: NullableText(100),
    firstResponseAt: v.nullable(IsoTime),
    inReplyToKey: v.nullable(ItemKeySchema),
    breachNotifiedAt: v.optional(v.nullable(IsoTime)),
  }),
  v.check((i) => i.key === `${i.channel}:${i.postId}`, 'key must be channel:postId'),
  v.check((i) => PERMALINK_HOSTS[i.channel].test(i.permalink), 'permalink must be an https link on the channel’s site'),
);

const EventSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  itemKey: ItemKeySchema,
  from: v.nullable(State),
  to: State,
  at: IsoTime,
  agent: NullableText(100),
  note: NullableText(2000),
});

const MAX_ROWS = 1_000_000;

export const ExportDocumentSchema = v.pipe(
  v.object({
    format: v.literal(EXPORT_FORMAT, 'not a Carebar export (format must be "carebar-export")'),
    version: v.literal(EXPORT_VERSION, 'unsupported export version (this Carebar reads version 1)'),
    exportedAt: IsoTime,
    items: v.pipe(v.array(ItemSchema), v.maxLength(MAX_ROWS)),
    events: v.pipe(v.array(EventSchema), v.maxLength(MAX_ROWS)),
  }),
  v.check((d) => new Set(d.items.map((i) => i.key)).size === d.items.length, 'an item key appears twice'),
  v.check((d) => new Set(d.events.map((e) => e.id)).size === d.events.length, 'an event id appears twice'),
  v.check((d) => {
    const keys = new Set(d.items.map((i) => i.key));
    return d.events.every((e) => keys.has(e.itemKey));
  }, 'an event belongs to an item that is not in the file'),
);

/** Parse (when given the file's text) and validate an export; throws BackupRejectedError. */
export function parseExport(document: unknown): ExportDocument {
  let data = document;
  if (typeof document === 'string') {
    try {
      data = JSON.parse(document);
    } catch (err) {
      throw new BackupRejectedError(`The file is not valid JSON (is it complete?): ${(err as Error).message}`);
    }
  }
  // The two commonest mistakes (another file, a newer Carebar's export) get a plain message of their own.
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== EXPORT_FORMAT) {
    throw new BackupRejectedError('This is not a Carebar export file (it has no "format": "carebar-export").', [
      'format: not a Carebar export',
    ]);
  }
  if ((data as { version?: unknown }).version !== EXPORT_VERSION) {
    const version = JSON.stringify((data as { version?: unknown }).version ?? null).slice(0, 20);
    throw new BackupRejectedError(`This export has version ${version}; this Carebar reads version ${EXPORT_VERSION} only.`, [
      'version: unsupported export version',
    ]);
  }
  const parsed = v.safeParse(ExportDocumentSchema, data);
  if (!parsed.success) {
    const issues = parsed.issues.slice(0, 10).map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
    throw new BackupRejectedError(`Not a valid Carebar export: ${issues[0]}`, issues);
  }
  return parsed.output as ExportDocument;
}

/**
 * Merge an export into the database, in one transaction (all or nothing):
 * - events are merged by id: a new id is added, a known id is skipped (events are immutable; none is ever removed);
 * - an unknown item is added; for a known item the row with the newer stateChangedAt wins as a whole (a tie keeps
 *   the stored row), so importing the same file twice changes nothing. One exception: a breachNotifiedAt recorded
 *   here is kept when the winning row has none (the notification was shown; it must not fire again).
 * Returns the counts and the item rows that were added or replaced (to broadcast).
 */
export async function importBackup(db: CarebarDB, document: unknown): Promise<{ report: ImportReport; changed: ItemRow[] }> {
  const doc = parseExport(document);
  return db.transaction('rw', db.items, db.events, async () => {
    const report: ImportReport = { itemsAdded: 0, itemsUpdated: 0, itemsKept: 0, eventsAdded: 0, eventsSkipped: 0 };
    const changed: ItemRow[] = [];
    const stored = await db.items.bulkGet(doc.items.map((i) => i.key));
    doc.items.forEach((item, n) => {
      const old = stored[n];
      if (!old) {
        report.itemsAdded++;
        changed.push(item);
      } else if (Date.parse(item.stateChangedAt) > Date.parse(old.stateChangedAt)) {
        report.itemsUpdated++;
        // Breach notifications fire at most once per item: a notification already shown here stays recorded.
        changed.push(old.breachNotifiedAt && !item.breachNotifiedAt ? { ...item, breachNotifiedAt: old.breachNotifiedAt } : item);
      } else {
        report.itemsKept++;
      }
    });
    await db.items.bulkPut(changed);

    const known = await db.events.bulkGet(doc.events.map((e) => e.id));
    const fresh = doc.events.filter((_, n) => !known[n]);
    report.eventsAdded = fresh.length;
    report.eventsSkipped = doc.events.length - fresh.length;
    // Imported events follow this browser's own for their item, in their time order (local sequence numbers).
    const next = new Map<string, number>();
    for (const e of [...fresh].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))) {
      const seq = next.get(e.itemKey) ?? (await nextSeq(db, e.itemKey));
      e.seq = seq;
      next.set(e.itemKey, seq + 1);
    }
    await db.events.bulkAdd(fresh);
    return { report, changed };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reports page data

const DAY_MS = 86_400_000;

/**
 * Items posted in [from, to) and their events, plus every other event in [from, to): what lib/shared/reports.ts needs.
 * The index ranges are widened by a day and refined with Date.parse, so times written with offsets still compare right.
 */
export async function reportData(db: CarebarDB, range: { from?: string; to?: string }): Promise<{ items: ItemRow[]; events: EventRow[] }> {
  const fromMs = range.from ? Date.parse(range.from) : -Infinity;
  const toMs = range.to ? Date.parse(range.to) : Infinity;
  if (!Number.isFinite(fromMs) && !Number.isFinite(toMs)) {
    return db.transaction('r', db.items, db.events, async () => ({ items: await db.items.toArray(), events: await db.events.toArray() }));
  }
  const lower = Number.isFinite(fromMs) ? new Date(fromMs - DAY_MS).toISOString() : '';
  const upper = Number.isFinite(toMs) ? new Date(toMs + DAY_MS).toISOString() : '\uffff';
  const within = (iso: string) => {
    const ms = Date.parse(iso);
    return ms >= fromMs && ms < toMs;
  };
  return db.transaction('r', db.items, db.events, async () => {
    const items = (await db.items.where('postedAt').between(lower, upper, true, true).toArray()).filter((i) => within(i.postedAt));
    const ofItems = items.length
      ? await db.events
          .where('itemKey')
          .anyOf(items.map((i) => i.key))
          .toArray()
      : [];
    const inRange = (await db.events.where('at').between(lower, upper, true, true).toArray()).filter((e) => within(e.at));
    const events = new Map<string, EventRow>();
    for (const e of [...ofItems, ...inRange]) events.set(e.id, e);
    return { items, events: [...events.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)) };
  });
}

/** "Delete all work data": items and their events go, in one transaction. Settings and the CRM stay. */
export async function wipeWorkData(db: CarebarDB): Promise<{ items: number; events: number }> {
  return db.transaction('rw', db.items, db.events, async () => {
    const counts = { items: await db.items.count(), events: await db.events.count() };
    await db.items.clear();
    await db.events.clear();
    return counts;
  });
}
