import { describe, expect, it } from 'vitest';
import {
  decodeCsvBytes,
  guessMapping,
  parseCustomersCsv,
  parseCustomersJson,
  repairMojibake,
  summarizeChunks,
  IMPORT_CHUNK,
} from '../../lib/shared/crm/import';
import { forgetCustomer, writeCustomers } from '../../lib/background/crm/store';
import { linkIdentity, lookupLocal, unlinkIdentity } from '../../lib/background/crm/local';
import { countCustomers, customersByHandle, getCustomer } from '../../lib/background/crm/customer-store';
import { freshFactory, openDb } from './helpers/db';

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'id,name,twitter,facebook,email,tier,ltv,tags,notes';

describe('decoding', () => {
  it('drops a UTF-8 BOM and says so; header names are clean', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(`${HEADER}\n1,Zoë,zoe,,,,,,\n`)]);
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.notes.join(' ')).toMatch(/byte-order mark/);
    const parsed = parseCustomersCsv(decoded.text);
    expect(parsed.headers[0]).toBe('id');
    expect(parsed.rows[0].customer.name).toBe('Zoë');
  });

  it('reads bytes that are not UTF-8 as Windows-1252 and says so', () => {
    // "Müller" and "Straße" saved by a Latin-1 spreadsheet: 0xFC, 0xDF are invalid as UTF-8 here.
    const latin1 = new Uint8Array([...enc('id,name,twitter\n1,M'), 0xfc, ...enc('ller,lena\n2,Stra'), 0xdf, ...enc('e,strasse\n')]);
    const decoded = decodeCsvBytes(latin1);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.notes.join(' ')).toMatch(/not UTF-8/);
    expect(parseCustomersCsv(decoded.text).rows.map((r) => r.customer.name)).toEqual(['Müller', 'Straße']);
  });

  it('repairs double-encoded text (UTF-8 once mis-read as Latin-1) exactly, and says so', () => {
    const mojibake = 'id,name,twitter\n1,RenÃ© FaÃ§ade,rene\n2,JosÃ© â€œPepeâ€\u009d,pepe\n';
    const decoded = decodeCsvBytes(enc(mojibake));
    expect(decoded.notes.join(' ')).toMatch(/double-encoded.*repaired/);
    expect(parseCustomersCsv(decoded.text).rows.map((r) => r.customer.name)).toEqual(['René Façade', 'José “Pepe”']);
    // Text that merely contains such letters but is not a clean round trip is left alone.
    expect(repairMojibake('Ã© and 漢字')).toBeNull();
    expect(decodeCsvBytes(enc('id,name,twitter\n1,Ã© 漢字,x\n')).notes.join(' ')).toMatch(/could not be repaired/);
  });
});

describe('CSV rows', () => {
  it('guesses the column mapping from the header', () => {
    expect(guessMapping(HEADER.split(','))).toEqual({
      id: 'id',
      name: 'name',
      x: 'twitter',
      facebook: 'facebook',
      email: 'email',
      tier: 'tier',
      lifetimeValue: 'ltv',
      tags: 'tags',
      notes: 'notes',
    });
  });

  it('reports missing columns as a file problem and imports nothing', () => {
    const parsed = parseCustomersCsv('id,fullname_typo,phone\n1,Sam,555\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([{ row: 1, reason: expect.stringMatching(/missing columns: name, at least one of X handle/) }]);
    // A mapping naming a column that is not in the file is also reported.
    expect(parseCustomersCsv('name,twitter\nSam,sam\n', { name: 'name', x: 'twitter', tier: 'segment' }).problems[0].reason).toMatch(
      /tier \(column "segment"/,
    );
  });

  it('reports duplicate handles with both row numbers, keeps the first', () => {
    const parsed = parseCustomersCsv(
      `${HEADER}\n1,Sam,AcmeCustomer,,,,,,\n2,Sam again,@acmecustomer,,,,,,\n3,Jane,,jane.doe.123,jane@example.com,,,,\n4,Jane 2,,,JANE@example.com,,,,\n`,
    );
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(parsed.problems).toEqual([
      { row: 3, reason: 'duplicate handle x:acmecustomer (first in row 2)' },
      { row: 5, reason: 'duplicate handle email:jane@example.com (first in row 4)' },
    ]);
  });

  it('maps values: @ stripped, handles lower-cased, money parsed, tags split; bad numbers and ids reported', () => {
    const parsed = parseCustomersCsv(`${HEADER}\n1,Sam,@Sam,,,VIP,"$4,820.50",vip;repeat,"Line 1\nLine 2"\n2,Bad,bad,,,,lots,,\n`);
    expect(parsed.rows[0].customer).toEqual({
      id: 'import:1',
      name: 'Sam',
      handles: ['x:sam'],
      tier: 'VIP',
      lifetimeValue: 4820.5,
      notes: 'Line 1\nLine 2',
      tags: ['vip', 'repeat'],
    });
    expect(parsed.problems).toEqual([{ row: 4, reason: 'lifetime value "lots" is not a number' }]);
  });

  it('reads a currency column (ISO 4217, upper-cased) or the € / £ on the value; a bad code is a row problem', () => {
    const parsed = parseCustomersCsv('name,twitter,ltv,currency\nAna,ana,120,eur\nBen,ben,€ 80,\nCy,cy,£5,\nDee,dee,$9,\nEd,ed,1,euros\n');
    expect(parsed.rows.map((r) => [r.customer.name, r.customer.lifetimeValue, r.customer.currency])).toEqual([
      ['Ana', 120, 'EUR'],
      ['Ben', 80, 'EUR'],
      ['Cy', 5, 'GBP'],
      ['Dee', 9, undefined],
    ]);
    expect(parsed.problems).toEqual([{ row: 6, reason: 'currency "euros" is not a code like EUR' }]);
  });

  it('finds the 1 broken row in 100,000 and imports the other 99,999 in chunks, with row numbers in the report', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 100_000; i++)
      lines.push(
        i === 61_234
          ? `${i},"Broken ${i},user${i}` + ',,,,,'
          : `${i},Customer ${i},user${i},,user${i}@example.com,${i % 50 === 0 ? 'VIP' : ''},${i},,`,
      );
    const parsed = parseCustomersCsv(lines.join('\n') + '\n');
    // The unterminated quote swallows the rest of its line; Papa reports it and the field count is off.
    expect(parsed.problems.map((p) => p.row)).toEqual([61_236]);
    expect(parsed.total).toBeGreaterThanOrEqual(99_999);
    const db = openDb(freshFactory());
    let written = 0;
    const rejected: number[] = [];
    for (let i = 0; i < parsed.rows.length; i += IMPORT_CHUNK) {
      const report = await writeCustomers(db, parsed.rows.slice(i, i + IMPORT_CHUNK), 'import');
      written += report.written;
      rejected.push(...report.rejected.map((r) => r.row));
    }
    expect(written + parsed.problems.length).toBe(parsed.total);
    expect(rejected).toEqual([]);
    expect(await countCustomers(db)).toBe(written);
    expect(await lookupLocal(db, { channel: 'x', handle: 'user99999', id: null, name: null })).toMatchObject({
      customer: { name: 'Customer 99999' },
    });
  }, 180_000);

  it('the background rejects rows that fail validation or clash with another customer’s handle, by row number', async () => {
    const db = openDb(freshFactory());
    await writeCustomers(
      db,
      [{ row: 2, customer: { id: 'a', name: 'A', handles: ['x:taken'], tier: null, lifetimeValue: null, notes: null, tags: [] } }],
      'import',
    );
    const report = await writeCustomers(
      db,
      [
        { row: 3, customer: { id: 'b', name: 'B', handles: ['x:taken'], tier: null, lifetimeValue: null, notes: null, tags: [] } },
        { row: 4, customer: { id: 'c', name: '', handles: ['x:c'], tier: null, lifetimeValue: null, notes: null, tags: [] } },
        {
          row: 5,
          customer: { id: 'd', name: 'D', handles: ['javascript:alert(1)'], tier: null, lifetimeValue: null, notes: null, tags: [] },
        },
        {
          row: 6,
          customer: { id: 'a', name: 'A renamed', handles: ['x:taken'], tier: 'Gold', lifetimeValue: null, notes: null, tags: [] },
        },
      ],
      'import',
    );
    expect(report.written).toBe(1);
    expect(report.rejected.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(report.rejected[0].reason).toMatch(/belongs to another customer/);
    expect((await getCustomer(db, 'a'))?.name).toBe('A renamed');
  });
});

describe('pipelined chunk writes (handle owners mirrored in memory)', () => {
  const person = (id: string, handles: string[], name = id.toUpperCase()) => ({
    id,
    name,
    handles,
    tier: null,
    lifetimeValue: null,
    notes: null,
    tags: [],
  });

  it('chunks sent before the previous one is written are still checked against it, in arrival order', async () => {
    const db = openDb(freshFactory());
    const [first, second] = await Promise.all([
      writeCustomers(db, [{ row: 2, customer: person('a', ['x:shared', 'x:a']) }], 'import'),
      writeCustomers(
        db,
        [
          { row: 3, customer: person('b', ['x:shared']) },
          { row: 4, customer: person('c', ['x:c']) },
        ],
        'import',
      ),
    ]);
    expect(first).toEqual({ written: 1, rejected: [] });
    expect(second.written).toBe(1);
    expect(second.rejected).toEqual([{ row: 3, reason: 'handle x:shared belongs to another customer' }]);
    expect((await customersByHandle(db, 'x:shared')).map((c) => c.id)).toEqual(['a']);
  });

  it('a re-imported customer that dropped a handle frees it for another customer', async () => {
    const db = openDb(freshFactory());
    await writeCustomers(db, [{ row: 2, customer: person('a', ['x:old', 'x:a']) }], 'import');
    await writeCustomers(db, [{ row: 2, customer: person('a', ['x:a']) }], 'import');
    expect(await writeCustomers(db, [{ row: 3, customer: person('b', ['x:old']) }], 'import')).toEqual({ written: 1, rejected: [] });
  });

  it('link, unlink and forget between chunks are seen by the next chunk', async () => {
    const db = openDb(freshFactory());
    await writeCustomers(
      db,
      [
        { row: 2, customer: person('a', ['x:a']) },
        { row: 3, customer: person('b', ['x:b']) },
      ],
      'import',
    );
    // Linked by hand to a: the next chunk may not give it to b.
    await linkIdentity(db, 'a', 'x:moved');
    expect((await writeCustomers(db, [{ row: 4, customer: person('b', ['x:b', 'x:moved']) }], 'import')).rejected).toEqual([
      { row: 4, reason: 'handle x:moved belongs to another customer' },
    ]);
    // Unlinked from a: now free.
    await unlinkIdentity(db, 'a', 'x:moved');
    expect((await writeCustomers(db, [{ row: 4, customer: person('b', ['x:b', 'x:moved']) }], 'import')).written).toBe(1);
    // b forgotten: its handles are free for a new customer.
    await forgetCustomer(db, { customerId: 'b' });
    expect((await writeCustomers(db, [{ row: 5, customer: person('n', ['x:b']) }], 'import')).written).toBe(1);
  });

  it('a chunk whose write fails leaves no trace in the checks of the next', async () => {
    const db = openDb(freshFactory());
    await writeCustomers(db, [{ row: 2, customer: person('a', ['x:a']) }], 'import');
    // The database goes away under the chunk (a storage error): the write fails, and q's handle stays free.
    const failing = writeCustomers(db, [{ row: 5, customer: person('q', ['x:q']) }], 'import');
    await db.close();
    await expect(failing).rejects.toThrow();
    db.open();
    expect(await writeCustomers(db, [{ row: 6, customer: person('r', ['x:q']) }], 'import')).toEqual({ written: 1, rejected: [] });
  });
});

describe('import report over pipelined chunks', () => {
  const ok = (firstRow: number, lastRow: number, written: number, rejected: { row: number; reason: string }[] = []) => ({
    firstRow,
    lastRow,
    report: { written, rejected },
  });
  const failed = (firstRow: number, lastRow: number, error: string) => ({ firstRow, lastRow, error });

  it('all written: counts, skipped and refused rows merged by row number, no failure', () => {
    const outcome = summarizeChunks(
      [ok(2, 5001, 5000), ok(5002, 7000, 1998, [{ row: 6000, reason: 'x' }])],
      [{ row: 3000, reason: 'broken' }],
      2,
    );
    expect(outcome).toEqual({
      written: 6998,
      rejected: [
        { row: 3000, reason: 'broken' },
        { row: 6000, reason: 'x' },
      ],
      error: null,
      notImported: null,
    });
  });

  it('a failed chunk between written ones, then the never-sent tail: every range that was not written is named', () => {
    const outcome = summarizeChunks([ok(2, 5001, 5000), failed(5002, 10001, 'QuotaExceededError'), ok(10002, 15001, 5000)], [], 5);
    expect(outcome.written).toBe(10000);
    expect(outcome.error).toBe('QuotaExceededError');
    expect(outcome.notImported).toBe('Rows 5,002–10,001 and rows from 15,002 on');
  });

  it('the last chunk failing, or the first: one range to the end', () => {
    expect(summarizeChunks([ok(2, 5001, 5000), failed(5002, 6000, 'gone')], [], 2).notImported).toBe('Rows from 5,002 on');
    expect(summarizeChunks([failed(2, 5001, 'gone'), failed(5002, 10001, 'gone again')], [], 4)).toMatchObject({
      written: 0,
      error: 'gone',
      notImported: 'Rows from 2 on',
    });
  });
});

describe('JSON import', () => {
  it('takes a list of customers, reports non-lists, broken JSON and duplicate handles', () => {
    expect(parseCustomersJson('{"a":1}').problems[0].reason).toMatch(/list/);
    expect(parseCustomersJson('[{').problems[0].reason).toMatch(/not JSON/);
    const parsed = parseCustomersJson(
      JSON.stringify([
        { id: '1', name: 'A', handles: ['x:a'] },
        { id: '2', name: 'B', handles: ['X:A'] },
      ]),
    );
    expect(parsed.rows.map((r) => r.row)).toEqual([1]);
    expect(parsed.problems).toEqual([{ row: 2, reason: 'duplicate handle x:a (first in entry 1)' }]);
  });
});
