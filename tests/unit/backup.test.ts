import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  exportBackup,
  exportDocument,
  importBackup,
  parseExport,
  BackupRejectedError,
  reportData,
  toCsvFiles,
} from '../../lib/background/db/backup';
import { changeState, recordSeen, undoChange } from '../../lib/background/db/items';
import type { CarebarDB } from '../../lib/background/db/schema';
import type { ChangeNotice } from '../../lib/shared/messaging/protocol';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import { freshFactory, openDb, post } from './helpers/db';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';

/** Three items with a history: x:1 replied then closed, x:2 in a DM (after an undone claim), facebook:3 new. */
async function fill(db: CarebarDB) {
  await recordSeen(
    db,
    [
      post({ postId: '1', text: 'Order "42", late, again\nsecond line' }),
      post({ postId: '2', postedAt: null, postedAtSource: 'unknown', text: '=HYPERLINK("https://evil.example")' }),
      post({ postId: '3', channel: 'facebook', permalink: 'https://www.facebook.com/acme/posts/3', authorHandle: null }),
    ],
    '2026-11-27T10:01:00.000Z',
  );
  await changeState(db, { key: 'x:1', to: 'claimed', agent: 'Sam' }, '2026-11-27T10:02:00.000Z');
  await changeState(db, { key: 'x:1', to: 'replied', agent: 'Sam', note: 'sent tracking, "asap"' }, '2026-11-27T10:03:00.000Z');
  await changeState(db, { key: 'x:1', to: 'closed', agent: 'Ana' }, '2026-11-27T11:00:00.000Z');
  const { event } = await changeState(db, { key: 'x:2', to: 'claimed', agent: 'Ana' }, '2026-11-27T10:05:00.000Z');
  await undoChange(db, { eventId: event.id, agent: 'Ana' }, '2026-11-27T10:05:03.000Z');
  await changeState(db, { key: 'x:2', to: 'dm', agent: 'Sam' }, '2026-11-27T10:20:00.000Z');
  await db.items.update('x:2', { breachNotifiedAt: '2026-11-27T10:31:00.000Z' });
}

async function snapshot(db: CarebarDB) {
  const { items, events } = await exportDocument(db);
  return { items, events };
}

async function wipe(db: CarebarDB) {
  await db.transaction('rw', db.items, db.events, async () => {
    await db.items.clear();
    await db.events.clear();
  });
}

describe('export', () => {
  it('writes a versioned JSON document with every item and event', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const reply = await exportBackup(db, 'json');
    expect('json' in reply).toBe(true);
    const doc = JSON.parse((reply as { json: string }).json);
    expect(doc).toMatchObject({ format: 'carebar-export', version: 1 });
    expect(Date.parse(doc.exportedAt)).not.toBeNaN();
    expect(doc.items.map((i: { key: string }) => i.key)).toEqual(['facebook:3', 'x:1', 'x:2']);
    expect(doc.events).toHaveLength(6);
  });

  it('writes CSV with a header row, quoting commas, quotes and newlines, and neutralising formulas', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const { itemsCsv, eventsCsv } = (await exportBackup(db, 'csv')) as { itemsCsv: string; eventsCsv: string };
    const [header, ...lines] = itemsCsv.split('\r\n');
    expect(header).toBe(
      'key,channel,postId,kind,permalink,authorHandle,authorName,authorId,authorKey,excerpt,postedAt,postedAtEstimated,firstSeenAt,lastSeenAt,state,stateChangedAt,agent,firstResponseAt,inReplyToKey,breachNotifiedAt',
    );
    expect(itemsCsv).toContain('"Order ""42"", late, again\nsecond line"');
    expect(lines).toHaveLength(3); // records end in CRLF; the excerpt's own newline stays inside its quotes
    expect(eventsCsv.split('\r\n')[0]).toBe('id,itemKey,from,to,at,agent,note');
    expect(eventsCsv).toContain('"sent tracking, ""asap"""');

    // Parsed back, every record has the header's columns and the text survives intact.
    const items = Papa.parse<Record<string, string>>(itemsCsv, { header: true, skipEmptyLines: true });
    expect(items.errors).toEqual([]);
    expect(items.data).toHaveLength(3);
    const x1 = items.data.find((r) => r.key === 'x:1')!;
    expect(x1).toMatchObject({
      excerpt: 'Order "42", late, again\nsecond line',
      state: 'closed',
      postedAtEstimated: 'false',
      inReplyToKey: '',
    });
    // Untrusted text that a spreadsheet would run as a formula is prefixed with '.
    expect(items.data.find((r) => r.key === 'x:2')!.excerpt).toBe(`'=HYPERLINK("https://evil.example")`);
    const events = Papa.parse<Record<string, string>>(eventsCsv, { header: true, skipEmptyLines: true });
    expect(events.data).toHaveLength(6);
  });

  it('writes header rows for an empty database', () => {
    const { itemsCsv, eventsCsv } = toCsvFiles({ items: [], events: [] });
    expect(itemsCsv.startsWith('key,channel,')).toBe(true);
    expect(eventsCsv.trimEnd()).toBe('id,itemKey,from,to,at,agent,note');
  });
});

describe('import', () => {
  it('export → wipe → import restores everything exactly', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const before = await snapshot(db);
    const { json } = (await exportBackup(db, 'json')) as { json: string };
    await wipe(db);
    expect(await db.items.count()).toBe(0);

    const { report, changed } = await importBackup(db, json);
    expect(report).toEqual({ itemsAdded: 3, itemsUpdated: 0, itemsKept: 0, eventsAdded: 6, eventsSkipped: 0 });
    expect(changed.map((i) => i.key).sort()).toEqual(['facebook:3', 'x:1', 'x:2']);
    expect(await snapshot(db)).toStrictEqual(before);
    // The optional field survives, and rows without it do not gain it.
    expect((await db.items.get('x:2'))?.breachNotifiedAt).toBe('2026-11-27T10:31:00.000Z');
    expect(Object.hasOwn((await db.items.get('x:1'))!, 'breachNotifiedAt')).toBe(false);
  });

  it('also accepts the parsed document', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const doc = await exportDocument(db);
    await wipe(db);
    expect((await importBackup(db, structuredClone(doc))).report.itemsAdded).toBe(3);
  });

  it('importing the same file twice adds nothing', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const before = await snapshot(db);
    const { json } = (await exportBackup(db, 'json')) as { json: string };
    const first = await importBackup(db, json);
    expect(first.report).toEqual({ itemsAdded: 0, itemsUpdated: 0, itemsKept: 3, eventsAdded: 0, eventsSkipped: 6 });
    expect(first.changed).toEqual([]);
    const second = await importBackup(db, json);
    expect(second.report).toEqual(first.report);
    expect(await snapshot(db)).toStrictEqual(before);
  });

  it('merges: the newer item row wins, events from both sides are kept', async () => {
    // Two agents' databases with a shared past, then diverging.
    const mine = openDb(freshFactory());
    const theirs = openDb(freshFactory());
    await fill(mine);
    await importBackup(theirs, ((await exportBackup(mine, 'json')) as { json: string }).json);

    // Mine: facebook:3 claimed later than theirs. Theirs: x:2 closed (newer), facebook:3 claimed earlier, a new item.
    await changeState(theirs, { key: 'x:2', to: 'closed', agent: 'Kim' }, '2026-11-28T09:00:00.000Z');
    await changeState(theirs, { key: 'facebook:3', to: 'claimed', agent: 'Kim' }, '2026-11-28T08:00:00.000Z');
    await changeState(mine, { key: 'facebook:3', to: 'claimed', agent: 'Sam' }, '2026-11-28T08:30:00.000Z');
    await recordSeen(theirs, [post({ postId: '4' })], '2026-11-28T07:00:00.000Z');
    await theirs.items.update('x:2', { breachNotifiedAt: undefined });

    const { report, changed } = await importBackup(mine, ((await exportBackup(theirs, 'json')) as { json: string }).json);
    expect(report).toEqual({ itemsAdded: 1, itemsUpdated: 1, itemsKept: 2, eventsAdded: 2, eventsSkipped: 6 });
    expect(changed.map((i) => i.key).sort()).toEqual(['x:2', 'x:4']);
    expect(await mine.items.get('x:2')).toMatchObject({ state: 'closed', agent: 'Kim', breachNotifiedAt: '2026-11-27T10:31:00.000Z' });
    expect(await mine.items.get('facebook:3')).toMatchObject({ state: 'claimed', agent: 'Sam' });
    // Both claims of facebook:3 are in the log.
    const fb = await mine.events.where('itemKey').equals('facebook:3').toArray();
    expect(fb.map((e) => e.agent).sort()).toEqual(['Kim', 'Sam']);
    expect(await mine.events.count()).toBe(9);
  });

  const valid = async () => {
    const db = openDb(freshFactory());
    await fill(db);
    return { db, doc: await exportDocument(db), before: await snapshot(db) };
  };

  /** An export as a JSON object whose rows a case may break. */
  type Doc = Record<string, unknown> & { items: Record<string, unknown>[]; events: Record<string, unknown>[] };
  const malformed: [string, (doc: Doc) => unknown, RegExp][] = [
    ['a wrong format', (d) => ({ ...d, format: 'someone-else' }), /not a Carebar export/],
    ['a newer version', (d) => ({ ...d, version: 2 }), /version 2; this Carebar reads version 1/],
    ['a bad item key', (d) => ({ ...d, items: d.items.map((i, n) => (n === 0 ? { ...i, key: 'x:<script>' } : i)) }), /items\.0\.key/],
    ['a bad state', (d) => ({ ...d, items: d.items.map((i) => ({ ...i, state: 'deleted' })) }), /state/],
    ['a bad event state', (d) => ({ ...d, events: d.events.map((e) => ({ ...e, to: 'gone' })) }), /events\.0\.to/],
    [
      'a javascript: permalink',
      (d) => ({ ...d, items: d.items.map((i) => ({ ...i, permalink: 'javascript:alert(1)' })) }),
      /permalink|URL/i,
    ],
    ['an event id that is not a UUID', (d) => ({ ...d, events: d.events.map((e) => ({ ...e, id: 'x' })) }), /events\.0\.id/],
    ['a duplicated item', (d) => ({ ...d, items: [...d.items, d.items[0]] }), /appears twice/],
    [
      'an event of an unknown item',
      (d) => ({ ...d, events: [...d.events.slice(1), { ...d.events[0], itemKey: 'x:999' }] }),
      /not in the file/,
    ],
    ['items that are not an array', (d) => ({ ...d, items: {} }), /items/],
    ['truncated JSON', (d) => JSON.stringify(d).slice(0, 500), /not valid JSON/],
    ['an empty file', () => '', /not valid JSON/],
    ['a JSON array', () => '[]', /not a Carebar export/],
    ['null', () => null, /not a Carebar export/],
    ['a document missing its events', (d) => ({ ...d, events: undefined }), /events/],
  ];
  for (const [what, mutate, message] of malformed) {
    it(`rejects ${what} with a clear message and writes nothing`, async () => {
      const { db, doc, before } = await valid();
      // Some valid rows come first: a half-good file must not be half-imported either.
      await wipe(db);
      await db.items.put(before.items[0]);
      const kept = await snapshot(db);
      const promise = importBackup(db, mutate(structuredClone(doc) as unknown as Doc));
      await expect(promise).rejects.toBeInstanceOf(BackupRejectedError);
      await expect(promise).rejects.toThrow(message);
      expect(await snapshot(db)).toStrictEqual(kept);
    });
  }

  it('rolls back the whole import when a write fails', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const { json } = (await exportBackup(db, 'json')) as { json: string };
    await wipe(db);
    db.events.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(importBackup(db, json)).rejects.toThrow('disk full');
    expect(await db.items.count()).toBe(0);
  });

  it('parseExport lists the issues', () => {
    try {
      parseExport({ format: 'carebar-export', version: 1, exportedAt: 'soon', items: [], events: [] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BackupRejectedError);
      expect((err as BackupRejectedError).issues[0]).toMatch(/^exportedAt: /);
    }
  });
});

describe('reportData', () => {
  it('returns items posted in range with their events, and events in range', async () => {
    const db = openDb(freshFactory());
    await recordSeen(
      db,
      [post({ postId: '1', postedAt: '2026-11-20T10:00:00.000Z' }), post({ postId: '2', postedAt: '2026-11-27T10:00:00.000+02:00' })],
      '2026-11-27T10:00:00.000Z',
    );
    await changeState(db, { key: 'x:1', to: 'replied', agent: 'Sam' }, '2026-11-27T09:00:00.000Z');
    await changeState(db, { key: 'x:2', to: 'replied', agent: 'Sam' }, '2026-11-29T09:00:00.000Z');
    const all = await reportData(db, {});
    expect(all.items).toHaveLength(2);
    expect(all.events).toHaveLength(2);
    // x:2 was posted at 08:00 UTC (written with an offset); x:1's reply falls in range though x:1 does not.
    const range = await reportData(db, { from: '2026-11-27T07:30:00.000Z', to: '2026-11-28T00:00:00.000Z' });
    expect(range.items.map((i) => i.key)).toEqual(['x:2']);
    expect(range.events.map((e) => e.itemKey)).toEqual(['x:1', 'x:2']);
    const late = await reportData(db, { from: '2026-11-27T08:30:00.000Z' });
    expect(late.items).toEqual([]);
    expect(late.events.map((e) => e.itemKey)).toEqual(['x:1', 'x:2']);
  });
});

// --- Message API -------------------------------------------------------------------------------------------------
const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const reportsPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}reports.html`, tab: { id: 4, url: `${ORIGIN}reports.html` } };

function setup() {
  const db = openDb(freshFactory());
  const broadcasts: ChangeNotice[] = [];
  const ctx = serverContext(db, { broadcast: (i) => broadcasts.push(i) });
  const send = (type: string, payload: unknown, sender: SenderInfo = reportsPage) =>
    handleRequest({ carebar: 1, type, payload }, sender, ctx);
  return { db, send, broadcasts };
}

describe('message API: reports and backup', () => {
  it('refuses all three to a content script, writing nothing', async () => {
    const { db, send, broadcasts } = setup();
    await fill(db);
    const before = await snapshot(db);
    const { json } = (await exportBackup(db, 'json')) as { json: string };
    await wipe(db);
    for (const [type, payload] of [
      ['reports.data', {}],
      ['backup.export', { format: 'json' }],
      ['backup.import', { document: json }],
    ] as const) {
      expect(await send(type, payload, contentScript)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await db.items.count()).toBe(0);
    expect(broadcasts).toEqual([]);
    expect(before.items).toHaveLength(3);
  });

  it('exports, imports (broadcasting the changed rows) and answers report data from an extension page', async () => {
    const { db, send, broadcasts } = setup();
    await fill(db);
    const before = await snapshot(db);
    const exported = await send('backup.export', { format: 'json' });
    expect(exported.ok).toBe(true);
    const json = (exported as { data: { json: string } }).data.json;
    const csv = await send('backup.export', { format: 'csv' });
    expect(csv).toMatchObject({ ok: true, data: { itemsCsv: expect.stringMatching(/^key,/), eventsCsv: expect.stringMatching(/^id,/) } });

    await wipe(db);
    const imported = await send('backup.import', { document: json });
    expect(imported).toEqual({ ok: true, data: { itemsAdded: 3, itemsUpdated: 0, itemsKept: 0, eventsAdded: 6, eventsSkipped: 0 } });
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0].type).toBe('items.changed');
    expect((broadcasts[0] as { items: { key: string }[] }).items.map((i) => i.key).sort()).toEqual(['facebook:3', 'x:1', 'x:2']);
    expect(await snapshot(db)).toStrictEqual(before);

    // A second import changes nothing and broadcasts nothing.
    expect(await send('backup.import', { document: json })).toMatchObject({
      ok: true,
      data: { itemsAdded: 0, itemsKept: 3, eventsAdded: 0 },
    });
    expect(broadcasts).toHaveLength(1);

    const data = await send('reports.data', { from: '2026-11-27T00:00:00.000Z', to: '2026-11-28T00:00:00.000Z' });
    expect(data).toMatchObject({ ok: true, data: { items: expect.any(Array), events: expect.any(Array) } });
    expect((data as { data: { items: unknown[]; events: unknown[] } }).data.items).toHaveLength(3);
    expect((data as { data: { items: unknown[]; events: unknown[] } }).data.events).toHaveLength(6);
  });

  it('answers a malformed import with an invalid error and its issues, writing nothing', async () => {
    const { db, send, broadcasts } = setup();
    await fill(db);
    const before = await snapshot(db);
    const reply = await send('backup.import', { document: '{"format":"carebar-export","version":1,"items":[' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/not valid JSON/) } });
    const bad = await send('backup.import', {
      document: { format: 'carebar-export', version: 1, exportedAt: '2026-11-27T00:00:00.000Z', items: [{ key: 'x:1' }], events: [] },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid', issues: expect.arrayContaining([expect.stringMatching(/^items\.0\./)]) },
    });
    expect(await snapshot(db)).toStrictEqual(before);
    expect(broadcasts).toEqual([]);
  });

  it('validates the request payloads', async () => {
    const { send } = setup();
    expect(await send('backup.export', { format: 'xml' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await send('reports.data', { from: 'last week' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
