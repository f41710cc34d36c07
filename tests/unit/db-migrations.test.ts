import { describe, expect, it } from 'vitest';
import { authorKeyOf, LATEST_VERSION, SCHEMA_VERSIONS } from '../../lib/background/db/schema';
import { countCustomers, customerByHandle, customersByName, getCustomer, searchNamePrefix } from '../../lib/background/crm/customer-store';
import { blocksOf } from '../../lib/background/crm/customer-blocks';
import { freshFactory, openDb } from './helpers/db';
import { DexieTeamStore } from '../../lib/background/team/dexie-store';

// Rows as an older Carebar wrote them: every field a v1 row had, nothing newer.
const V1_ITEM = {
  key: 'x:1852311426666537322',
  channel: 'x',
  postId: '1852311426666537322',
  kind: 'post',
  permalink: 'https://x.com/birdman46049238/status/1852311426666537322',
  authorHandle: 'BirdMan46049238',
  authorName: 'Bird Man',
  authorId: null,
  excerpt: 'where is my refund',
  postedAt: '2024-11-01T11:27:13.000Z',
  postedAtEstimated: false,
  firstSeenAt: '2024-11-01T11:30:00.000Z',
  lastSeenAt: '2024-11-01T11:30:00.000Z',
  state: 'replied',
  stateChangedAt: '2024-11-01T11:40:00.000Z',
  agent: 'Sam',
  firstResponseAt: '2024-11-01T11:40:00.000Z',
  inReplyToKey: null,
};
const V1_FB_ITEM = {
  ...V1_ITEM,
  key: 'facebook:123_456',
  channel: 'facebook',
  postId: '123_456',
  authorHandle: null,
  authorId: '100012345',
};
const V1_EVENT = { id: 'e1', itemKey: V1_ITEM.key, from: 'new', to: 'replied', at: '2024-11-01T11:40:00.000Z', agent: 'Sam', note: null };

describe('schema migrations', () => {
  it('declares strictly increasing versions', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  for (const older of SCHEMA_VERSIONS.slice(0, -1)) {
    it(`upgrades a v${older.version} database with data to v${LATEST_VERSION} without losing anything`, async () => {
      const factory = freshFactory();
      const old = openDb(factory, older.version);
      // Rows as that version wrote them: from v2 on, items carry their authorKey.
      await old
        .table('items')
        .bulkAdd([V1_ITEM, V1_FB_ITEM].map((i) => (older.version >= 2 ? { ...i, authorKey: authorKeyOf(i as never) } : i)));
      // From v6 events carry their sequence number.
      await old.table('events').add(older.version >= 6 ? { ...V1_EVENT, seq: 1 } : V1_EVENT);
      const c1 = { id: 'c1', name: 'Bird Man', handles: ['x:birdman46049238'], tags: ['vip'] };
      // From v4 customers live in blocks.
      if (older.version >= 4) await old.table('customerBlocks').bulkAdd(blocksOf([c1 as never]));
      else await old.table('customers').add(c1);
      await old.table('settings').put({ key: 'settings', value: { agentName: 'Sam', agentInitials: 'SK' } });
      old.close();

      const db = openDb(factory);
      await db.open();
      expect(db.verno).toBe(LATEST_VERSION);
      const items = await db.items.orderBy('key').toArray();
      expect(items).toHaveLength(2);
      // Every v1 field survives unchanged.
      expect(items.find((i) => i.key === V1_ITEM.key)).toMatchObject(V1_ITEM);
      expect(items.find((i) => i.key === V1_FB_ITEM.key)).toMatchObject(V1_FB_ITEM);
      // v6: events carry their item’s local sequence number.
      expect(await db.events.toArray()).toEqual([{ ...V1_EVENT, seq: 1 }]);
      expect(await getCustomer(db, 'c1')).toMatchObject({ name: 'Bird Man', tags: ['vip'] });
      expect(await customerByHandle(db, 'x:birdman46049238')).toMatchObject({ id: 'c1' });
      expect((await db.settings.get('settings'))?.value).toEqual({ agentName: 'Sam', agentInitials: 'SK' });
      // v2: authorKey is filled for old rows and queryable.
      expect(await db.items.where('authorKey').equals('x:birdman46049238').primaryKeys()).toEqual([V1_ITEM.key]);
      expect(await db.items.where('authorKey').equals('facebook:id:100012345').primaryKeys()).toEqual([V1_FB_ITEM.key]);
      // v3: the CRM cache and the secrets table exist, empty, and are queryable by their indexes.
      expect(await db.crmCache.where('fetchedAt').below('9').count()).toBe(0);
      expect(await db.secrets.count()).toBe(0);
      db.close();
    });
  }

  it('v8 keeps brand accounts in their stored form: "@handles" and profile URLs become handles, display names go', async () => {
    const factory = freshFactory();
    const old = openDb(factory, 7);
    await old.table('settings').bulkPut([
      {
        key: 'settings',
        value: {
          agentName: 'Sam',
          brandAccounts: {
            x: ['@AcmeSupport', 'https://x.com/AcmeHelp', 'AcmeSupport'],
            facebook: ['https://www.facebook.com/AcmePage', 'Acme Support'],
          },
        },
      },
      { key: 'settings.managed', value: { brandAccounts: { x: ['twitter.com/AcmeCorp'], facebook: ['100064123456789'] } } },
      { key: 'signedIn', value: { x: '@Sam' } },
    ]);
    old.close();
    const db = openDb(factory);
    await db.open();
    expect((await db.settings.get('settings'))?.value).toEqual({
      agentName: 'Sam',
      brandAccounts: { x: ['AcmeSupport', 'AcmeHelp'], facebook: ['AcmePage'] },
    });
    expect((await db.settings.get('settings.managed'))?.value).toEqual({
      brandAccounts: { x: ['AcmeCorp'], facebook: ['100064123456789'] },
    });
    expect((await db.settings.get('signedIn'))?.value).toEqual({ x: '@Sam' }); // not a settings row: left alone
    db.close();
  });

  it('v5 adds the team tables, empty; the team store works on them (outbox order, cursors, events merged by id)', async () => {
    const factory = freshFactory();
    const old = openDb(factory, 4);
    await old.table('items').add({ ...V1_ITEM, authorKey: authorKeyOf(V1_ITEM as never) });
    old.close();
    const db = openDb(factory);
    await db.open();
    for (const t of ['teamOutbox', 'teamItems', 'teamEvents', 'teamMeta']) expect(await db.table(t).count()).toBe(0);
    expect(await db.items.count()).toBe(1);
    const store = new DexieTeamStore(db);
    const base = {
      createdAt: '2026-01-01T00:00:00.000Z',
      attempts: 0,
      lastError: null,
      type: 'change' as const,
      change: { kind: 'claim' as const },
      customer: null,
      note: null,
    };
    await store.outboxPut({ ...base, id: 'op-b', seq: 2, itemKey: 'x:2' });
    await store.outboxPut({ ...base, id: 'op-a', seq: 1, itemKey: 'x:1' });
    expect((await store.outboxAll()).map((o) => o.id)).toEqual(['op-a', 'op-b']);
    await store.outboxDelete('op-a');
    expect((await store.outboxAll()).map((o) => o.id)).toEqual(['op-b']);
    expect(await store.loadItems()).toEqual({ items: [], cursor: 0 });
    const value = {
      v: 1 as const,
      state: 'claimed' as const,
      holder: 'ana',
      holderName: 'Ana',
      claimedAt: base.createdAt,
      firstResponseAt: null,
      updatedAt: base.createdAt,
      updatedBy: 'ana',
      op: 'op-00000001',
    };
    await store.saveItems({ put: [{ itemKey: 'x:1', value, revision: 7 }], remove: [], cursor: 7 });
    expect(await store.loadItems()).toEqual({ items: [{ itemKey: 'x:1', value, revision: 7 }], cursor: 7 });
    const ev = {
      v: 1 as const,
      id: 'ev-00000001',
      kind: 'claim',
      itemKey: 'x:1',
      at: base.createdAt,
      user: 'ana',
      seq: 3,
      customer: 'c0ffee',
    };
    await store.saveEvents([ev], 3);
    await store.saveEvents([{ ...ev, seq: 9 }], 9);
    expect(await db.teamEvents.toArray()).toEqual([ev]);
    expect(await store.eventCursor()).toBe(9);
    await store.forgetEvents('c0ffee');
    expect(await db.teamEvents.count()).toBe(0);
    db.close();
  });

  it('v4 moves every v3 customer into blocks: each findable by id, identity and name; the customers table is gone', async () => {
    const factory = freshFactory();
    const old = openDb(factory, 3);
    const customers = Array.from({ length: 250 }, (_, i) => ({
      id: `c${i}`,
      name: i % 2 ? `Odd ${i}` : 'Same Name',
      handles: [`x:user${i}`, `email:user${i}@example.com`],
      tier: i === 7 ? 'gold' : null,
      lifetimeValue: i,
      notes: null,
      tags: [],
      updatedAt: '2026-01-01T00:00:00Z',
      linkedByHand: i === 3 ? ['email:user3@example.com'] : undefined,
    }));
    await old.table('customers').bulkAdd(customers);
    await old.table('crmCache').put({ key: 'k', identityKey: 'x:user1', fetchedAt: '2026-01-01T00:00:00Z', customer: null });
    old.close();

    const db = openDb(factory);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('customers');
    expect(await db.customerBlocks.count()).toBe(3);
    expect(await countCustomers(db)).toBe(250);
    for (const c of customers) {
      expect(await getCustomer(db, c.id)).toEqual(c);
      expect((await customerByHandle(db, `email:user${c.id.slice(1)}@example.com`))?.id).toBe(c.id);
    }
    expect((await customersByName(db, 'Same Name', 1000)).map((c) => c.id).sort()).toEqual(
      customers
        .filter((c) => c.name === 'Same Name')
        .map((c) => c.id)
        .sort(),
    );
    expect((await searchNamePrefix(db, 'odd 1', 3)).map((c) => c.name)).toEqual(['Odd 1', 'Odd 101', 'Odd 103']);
    expect(await db.crmCache.get('k')).toMatchObject({ identityKey: 'x:user1' });
    db.close();
  });
});
