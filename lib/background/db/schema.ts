import Dexie, { type EntityTable, type Transaction } from 'dexie';
import { authorKey } from '../../shared/author-key';
import { storedBrandAccounts } from '../../shared/customer-items';
import type { Settings } from '../../shared/settings';
import { blocksOf } from '../crm/customer-blocks';
import { TEAM_STORES, type TeamMetaRow } from '../team/dexie-store';
import type { OutboxOp, ReceivedEvent, TeamItemRow } from '../team/store';
import { QUALITY_STORES } from './quality-schema';
import type {
  CrmCacheRow,
  CustomerBlockRow,
  CustomerRow,
  EventRow,
  ItemRow,
  PackRow,
  SecretRow,
  SettingRow,
  SnippetRow,
} from '../../shared/records';

export const DB_NAME = 'carebar';

/**
 * Every schema version Carebar ever shipped, oldest first. Never edit a shipped entry: add a new one.
 * The migration tests open the database at each older version, fill it, and upgrade to the latest.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<unknown>;
}

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // Queue: open items by state, most urgent (oldest post) first; reports: by channel and response time.
      items: 'key, state, channel, postedAt, firstSeenAt, stateChangedAt, authorHandle, authorId, [state+postedAt], [channel+state]',
      events: 'id, itemKey, at, agent, [itemKey+at]',
      customers: 'id, *handles, name',
      snippets: 'id, packId, title, *tags',
      packs: 'id',
      settings: 'key',
    },
  },
  {
    // v2: items get authorKey so an author's whole history (any post, any time) is one index lookup.
    version: 2,
    stores: {
      items:
        'key, state, channel, postedAt, firstSeenAt, stateChangedAt, authorHandle, authorId, authorKey, [state+postedAt], [channel+state]',
    },
    upgrade: (tx) =>
      tx
        .table('items')
        .toCollection()
        .modify((item: ItemRow) => {
          item.authorKey = authorKeyOf(item);
        }),
  },
  {
    // v3: remote-CRM lookups cached with their fetch time (TTL, "as of"); connector secrets kept apart from
    // settings so no request that returns settings can ever return a token.
    version: 3,
    stores: {
      crmCache: 'key, fetchedAt',
      secrets: 'key',
    },
  },
  {
    // v4: local-CRM customers in blocks of up to 100 per record (IndexedDB's cost is per record and per index
    // entry, so a 100,000-customer import writes 1,000 records, not 100,000). The customers table goes.
    version: 4,
    stores: {
      customerBlocks: 'id, *ids, *handles, *names',
      customers: null,
    },
    upgrade: async (tx) => {
      const customers = (await tx.table('customers').toArray()) as CustomerRow[];
      await tx.table('customerBlocks').bulkAdd(blocksOf(customers));
    },
  },
  {
    // v5: team mode (issue 16) — the outbox of changes for the team's server (kept until the server has them), the
    // team's item states and events as last seen from the server, and the sync cursors. Empty in solo mode.
    version: 5,
    stores: TEAM_STORES,
  },
  {
    // v6: events get a per-item local sequence number (issue 11, finding 9): two changes in the same millisecond
    // are ordered by it, not by a random id. Existing events are numbered in their time order (ties by id).
    version: 6,
    stores: {
      events: 'id, itemKey, at, agent, [itemKey+at], [itemKey+seq]',
    },
    upgrade: async (tx) => {
      const events = (await tx.table('events').toArray()) as EventRow[];
      events.sort((a, b) => a.itemKey.localeCompare(b.itemKey) || a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
      let key = '';
      let seq = 0;
      for (const e of events) {
        seq = e.itemKey === key ? seq + 1 : 1;
        key = e.itemKey;
        e.seq = seq;
      }
      await tx.table('events').bulkPut(events);
    },
  },
  {
    // v7: quality monitoring and viral risk (issue 17): interactions to review, reviews, coaching notes,
    // engagement samples per item and each item's viral verdict. New tables only: nothing to migrate.
    version: 7,
    stores: QUALITY_STORES,
  },
  {
    // v8: brand accounts kept in their one stored form (a handle or numeric id), as settings.update and the managed
    // policy write them: an older save may hold "@Acme" or a profile URL. The content scripts' classifier compares
    // stored forms only (no account parsers in the sites' pages). An entry that is no account (a display name) never
    // counted: it goes.
    version: 8,
    stores: {},
    upgrade: (tx) =>
      tx
        .table('settings')
        .where('key')
        .anyOf(['settings', 'settings.managed'])
        .modify((row: SettingRow) => {
          const value = row.value as Partial<Settings> | undefined;
          if (value?.brandAccounts) value.brandAccounts = storedBrandAccounts(value.brandAccounts);
        }),
  },
];

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;

/** An item's author key (see lib/shared/author-key.ts). */
export const authorKeyOf = (item: Pick<ItemRow, 'channel' | 'authorHandle' | 'authorId'>): string | null =>
  authorKey({ channel: item.channel, handle: item.authorHandle, id: item.authorId });

export type CarebarDB = Dexie & {
  items: EntityTable<ItemRow, 'key'>;
  events: EntityTable<EventRow, 'id'>;
  customerBlocks: EntityTable<CustomerBlockRow, 'id'>;
  snippets: EntityTable<SnippetRow, 'id'>;
  packs: EntityTable<PackRow, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  crmCache: EntityTable<CrmCacheRow, 'key'>;
  secrets: EntityTable<SecretRow, 'key'>;
  teamOutbox: EntityTable<OutboxOp, 'id'>;
  teamItems: EntityTable<TeamItemRow, 'itemKey'>;
  teamEvents: EntityTable<ReceivedEvent, 'id'>;
  teamMeta: EntityTable<TeamMetaRow, 'key'>;
};

/**
 * Open (lazily) the Carebar database declared up to `upTo` (the latest by default).
 * `options` lets tests pass fake-indexeddb's indexedDB/IDBKeyRange.
 */
export function createDatabase(
  options: { name?: string; upTo?: number; dexieOptions?: ConstructorParameters<typeof Dexie>[1] } = {},
): CarebarDB {
  const db = new Dexie(options.name ?? DB_NAME, options.dexieOptions) as CarebarDB;
  const upTo = options.upTo ?? LATEST_VERSION;
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > upTo) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}
