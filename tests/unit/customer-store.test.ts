import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../lib/background/crm/customer-blocks';
import {
  countCustomers,
  customerByHandle,
  customersByHandle,
  customersByName,
  deleteCustomer,
  getCustomer,
  putCustomer,
  searchHandlePrefix,
  searchNamePrefix,
  updateCustomer,
} from '../../lib/background/crm/customer-store';
import { linkIdentity } from '../../lib/background/crm/local';
import { forgetCustomer, writeCustomers } from '../../lib/background/crm/store';
import type { CustomerRow } from '../../lib/shared/records';
import { freshFactory, openDb } from './helpers/db';

const person = (i: number, name = `Customer ${i}`) => ({
  id: `c${i}`,
  name,
  handles: [`x:user${i}`],
  tier: null,
  lifetimeValue: i,
  notes: null,
  tags: [],
});
const chunk = (from: number, to: number, name?: (i: number) => string) =>
  Array.from({ length: to - from }, (_, k) => ({ row: from + k + 2, customer: person(from + k, name?.(from + k)) }));

describe('customers stored in blocks', () => {
  it('an import chunk fills blocks of 100; a re-import replaces customers in their own blocks, new ones start new blocks', async () => {
    const db = openDb(freshFactory());
    expect(await writeCustomers(db, chunk(0, 250), 'import')).toEqual({ written: 250, rejected: [] });
    const before = await db.customerBlocks.toArray();
    expect(before.map((b) => b.customers.length)).toEqual([BLOCK_SIZE, BLOCK_SIZE, 50]);
    const blockOf = (id: string) => before.find((b) => b.ids.includes(id))!.id;

    const report = await writeCustomers(
      db,
      [
        { row: 2, customer: person(5, 'Renamed Five') },
        { row: 3, customer: { ...person(180), handles: ['x:new180'] } },
        { row: 4, customer: person(900) },
      ],
      'import',
    );
    expect(report).toEqual({ written: 3, rejected: [] });
    const after = await db.customerBlocks.toArray();
    expect(after).toHaveLength(4);
    expect(after.find((b) => b.id === blockOf('c5'))!.customers.find((c) => c.id === 'c5')!.name).toBe('Renamed Five');
    expect(after.find((b) => b.id === blockOf('c180'))!.handles).toContain('x:new180');
    expect(after.find((b) => b.id === blockOf('c180'))!.handles).not.toContain('x:user180');
    expect(await countCustomers(db)).toBe(251);
    expect(await customerByHandle(db, 'x:user180')).toBeUndefined();
    expect((await customerByHandle(db, 'x:new180'))?.id).toBe('c180');
    expect((await customersByName(db, 'Renamed Five', 3)).map((c) => c.id)).toEqual(['c5']);
    expect(await customersByName(db, 'Customer 5', 3)).toEqual([]);
    // The freed handle can go to another customer in the next chunk (the mirror followed the block rewrite).
    expect((await writeCustomers(db, [{ row: 2, customer: { ...person(901), handles: ['x:user180'] } }], 'import')).written).toBe(1);
  });

  it('a new id twice in one chunk is stored once, the later row winning', async () => {
    const db = openDb(freshFactory());
    const report = await writeCustomers(
      db,
      [
        { row: 2, customer: { ...person(1), handles: ['x:first'] } },
        { row: 3, customer: { ...person(1, 'Later'), handles: ['x:later'] } },
      ],
      'import',
    );
    expect(report.written).toBe(2);
    expect(await countCustomers(db)).toBe(1);
    expect((await getCustomer(db, 'c1'))?.name).toBe('Later');
    expect(await customerByHandle(db, 'x:first')).toBeUndefined();
  });

  it('name and handle prefix searches return the first matches in key order across blocks', async () => {
    const db = openDb(freshFactory());
    // Interleave names so the alphabetical first ones are spread over different blocks.
    await writeCustomers(
      db,
      chunk(0, 300, (i) => `${['Zed', 'Amy', 'Bob'][i % 3]} ${String(299 - i).padStart(3, '0')}`),
      'import',
    );
    const all = (await db.customerBlocks.toArray()).flatMap((b) => b.customers);
    const expected = all
      .filter((c) => c.name.startsWith('Amy'))
      .map((c) => c.name)
      .sort()
      .slice(0, 10);
    expect((await searchNamePrefix(db, 'aMy', 10)).map((c) => c.name)).toEqual(expected);
    expect((await searchHandlePrefix(db, 'x:user29', 5)).map((c) => c.handles[0])).toEqual([
      'x:user29',
      'x:user290',
      'x:user291',
      'x:user292',
      'x:user293',
    ]);
    expect(await searchNamePrefix(db, 'nobody', 10)).toEqual([]);
  });

  it('put adds to the newest block with room, update and delete touch one customer, an emptied block goes', async () => {
    const db = openDb(freshFactory());
    await writeCustomers(db, chunk(0, 150), 'import');
    const row: CustomerRow = { ...person(500), updatedAt: '2026-01-01T00:00:00Z' };
    await putCustomer(db, row);
    expect((await db.customerBlocks.toArray()).map((b) => b.customers.length)).toEqual([100, 51]);
    expect(await getCustomer(db, 'c500')).toEqual(row);
    expect(await updateCustomer(db, 'c500', { notes: 'hello' })).toBe(true);
    expect((await getCustomer(db, 'c500'))?.notes).toBe('hello');
    expect(await updateCustomer(db, 'nope', { notes: 'x' })).toBe(false);
    for (let i = 100; i < 150; i++) expect(await deleteCustomer(db, `c${i}`)).toBe(true);
    expect(await deleteCustomer(db, 'c500')).toBe(true);
    expect(await deleteCustomer(db, 'c500')).toBe(false);
    expect(await db.customerBlocks.count()).toBe(1);
    expect(await countCustomers(db)).toBe(100);
  });

  it('link moves an identity between customers in different blocks; forget removes one customer and nothing else', async () => {
    const db = openDb(freshFactory());
    await writeCustomers(db, chunk(0, 200), 'import');
    await linkIdentity(db, 'c150', 'x:user3');
    expect((await customersByHandle(db, 'x:user3')).map((c) => c.id)).toEqual(['c150']);
    expect((await getCustomer(db, 'c3'))?.handles).toEqual([]);
    expect(await forgetCustomer(db, { identityKey: 'x:user3' })).toMatchObject({ customers: 1 });
    expect(await getCustomer(db, 'c150')).toBeUndefined();
    expect(await countCustomers(db)).toBe(199);
    expect((await getCustomer(db, 'c151'))?.name).toBe('Customer 151');
  });
});
