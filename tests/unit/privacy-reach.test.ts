import { describe, expect, it } from 'vitest';
import { forgetCustomer, purgeOlderThan, writeCustomers } from '../../lib/background/crm/store';
import { recordSeen } from '../../lib/background/db/items';
import { recordEngagement, recordInteraction, saveReview, type QualityDB } from '../../lib/background/db/quality';
import type { CarebarDB } from '../../lib/background/db/schema';
import type { OutboxOp, ReceivedEvent } from '../../lib/background/team/store';
import { freshFactory, openDb, post } from './helpers/db';
import { PASSING_ANSWERS } from './helpers/qa';

// "Forget this customer" and the retention purge reach every local row (issues 16.5 and 17): the QA tables, the
// engagement samples, the team's local copies — and a table added later, since the scan below reads every table.

const JANE_TEXT = 'My parcel 77-ZX never arrived, third time asking';
const BOB_TEXT = 'Where is my refund for the blender';
const counts = (likes: number) => ({ replies: 1, reposts: 1, likes, views: 100, authorFollowers: 10 });

const teamEvent = (id: string, itemKey: string | null, at: string, data?: Record<string, unknown>): ReceivedEvent => ({
  v: 1,
  id,
  kind: data ? 'qa-interaction' : 'state',
  itemKey,
  at,
  user: 'ana',
  from: 'new',
  to: 'replied',
  note: null,
  ...(data ? { data } : {}),
  seq: Number(id.replace(/\D/g, '')) || 1,
  customer: null,
});

const outboxChange = (id: string, itemKey: string, createdAt: string): OutboxOp => ({
  id,
  seq: 1,
  createdAt,
  attempts: 3,
  lastError: 'offline',
  type: 'change',
  itemKey,
  change: { kind: 'release' } as never,
  customer: null,
  note: null,
});

/** Every row of every table of the database, as JSON, lower-cased (whatever tables the schema declares). */
async function everyRow(db: CarebarDB): Promise<{ table: string; json: string }[]> {
  const out: { table: string; json: string }[] = [];
  for (const table of db.tables)
    for (const row of await table.toArray()) out.push({ table: table.name, json: JSON.stringify(row).toLowerCase() });
  return out;
}

async function fill(db: CarebarDB, postedAt = '2026-11-27T10:00:00.000Z') {
  await writeCustomers(
    db,
    [{ row: 2, customer: { id: 'c-jane', name: 'Jane Doe', handles: ['x:jane'], tier: null, lifetimeValue: null, notes: null, tags: [] } }],
    'import',
  );
  await recordSeen(
    db,
    [
      post({ postId: '1', text: JANE_TEXT, postedAt }),
      post({ postId: '2', text: BOB_TEXT, authorHandle: 'bob', authorName: 'Bob Roe', permalink: 'https://x.com/bob/status/2', postedAt }),
    ],
    postedAt,
  );
  await db.items.toCollection().modify({ state: 'replied' });
  await db.events.bulkAdd([
    { id: 'e1', itemKey: 'x:1', from: 'new', to: 'replied', at: postedAt, agent: 'Ana', note: 'Jane asked twice' },
    { id: 'e2', itemKey: 'x:2', from: 'new', to: 'replied', at: postedAt, agent: 'Ana', note: null },
  ]);
  const q = db as QualityDB;
  const repliedAt = new Date(Date.parse(postedAt) + 60_000).toISOString();
  const ij = await recordInteraction(
    db,
    { key: 'x:1', replyText: 'Sorry Jane, DM us', customerText: JANE_TEXT, source: 'composer', agent: 'Ana' },
    repliedAt,
  );
  const ib = await recordInteraction(
    db,
    { key: 'x:2', replyText: 'We are on it, Bob', customerText: BOB_TEXT, source: 'composer', agent: 'Ana' },
    repliedAt,
  );
  for (const i of [ij!, ib!])
    await saveReview(
      db,
      {
        interactionId: i.id,
        answers: { ...PASSING_ANSWERS },
        comments: { empathy: `${i.customerHandle} was upset` },
        coaching: `Coach on ${i.customerHandle}`,
        reviewer: 'Sam',
      },
      repliedAt,
    );
  await recordEngagement(
    db,
    [
      { key: 'x:1', counts: counts(5) },
      { key: 'x:2', counts: counts(5) },
    ],
    repliedAt,
  );
  await q.teamEvents.bulkPut([
    teamEvent('t1', 'x:1', repliedAt),
    teamEvent('t2', 'x:1', repliedAt, { customerText: JANE_TEXT, customerHandle: 'jane' }),
    teamEvent('t3', 'x:2', repliedAt),
  ]);
  await q.teamItems.bulkPut(
    ['x:1', 'x:2'].map((itemKey) => ({
      itemKey,
      revision: 1,
      value: {
        v: 1,
        state: 'replied',
        holder: null,
        holderName: null,
        claimedAt: null,
        firstResponseAt: repliedAt,
        updatedAt: repliedAt,
        updatedBy: 'ana',
        op: 'op1',
      } as never,
    })),
  );
  return { jane: ij!, bob: ib! };
}

describe('"Forget this customer" reaches every local table (issue 16.5 / 17)', () => {
  it('after forget no table holds the customer’s handle, name or post text; the other customer’s rows stay', async () => {
    const db = openDb(freshFactory());
    await fill(db);
    const q = db as QualityDB;
    // An unsent interaction event about Jane (would carry her words to the team) and an unsent state change.
    await db.teamOutbox.bulkPut([
      {
        id: 'o1',
        seq: 1,
        createdAt: '2026-11-27T10:02:00.000Z',
        attempts: 0,
        lastError: null,
        type: 'event',
        customer: null,
        event: teamEvent('o1', 'x:1', '2026-11-27T10:02:00.000Z', { customerText: JANE_TEXT }),
      },
      outboxChange('o2', 'x:1', '2026-11-27T10:02:00.000Z'),
    ]);
    const before = await everyRow(db);
    // The fixture really puts Jane in the tables the scan must cover (else the scan below could not fail).
    const janeTables = new Set(
      before.filter((r) => r.json.includes('jane') || r.json.includes(JANE_TEXT.toLowerCase())).map((r) => r.table),
    );
    expect([...janeTables].sort()).toEqual(
      ['coachingNotes', 'customerBlocks', 'events', 'interactions', 'items', 'qaReviews', 'teamEvents', 'teamOutbox'].sort(),
    );

    const result = await forgetCustomer(db, { customerId: 'c-jane' });
    expect(result).toMatchObject({ customers: 1, items: 1, events: 1, interactions: 1 });

    const after = await everyRow(db);
    const leaks = after.filter((r) => r.json.includes('jane') || r.json.includes(JANE_TEXT.toLowerCase()));
    expect(leaks).toEqual([]);
    // Nothing keyed by the forgotten item either (engagement, viral verdict, team copies), in any table but the
    // outbox's unsent state change (no customer text; sent before the forget marker that follows it).
    expect(after.filter((r) => r.json.includes('"x:1"')).map((r) => r.json)).toEqual([expect.stringContaining('"id":"o2"')]);
    // Bob's rows are untouched; the unsent state change (no customer text) is kept: the agent's work.
    expect(await db.items.orderBy('key').primaryKeys()).toEqual(['x:2']);
    expect((await q.interactions.toArray()).map((i) => i.customerHandle)).toEqual(['bob']);
    expect(await q.qaReviews.count()).toBe(1);
    expect(await q.coachingNotes.count()).toBe(1);
    expect(await q.engagementSamples.count()).toBe(1);
    expect((await q.teamEvents.toArray()).map((e) => e.id)).toEqual(['t3']);
    expect(await q.teamItems.toCollection().primaryKeys()).toEqual(['x:2']);
    expect(await db.teamOutbox.toCollection().primaryKeys()).toEqual(['o2']);
  });

  it('an author in no CRM is forgotten by identity, with interactions copied from the team about items never seen here', async () => {
    const db = openDb(freshFactory());
    const { bob } = await fill(db);
    const q = db as QualityDB;
    // A team copy of an interaction with Bob on an item this machine never stored.
    await q.interactions.put({ ...bob, id: 'remote-1', itemKey: 'x:99', customerText: 'Bob again: refund?' });
    await q.teamEvents.put(teamEvent('t9', 'x:99', bob.repliedAt));
    await forgetCustomer(db, { identityKey: 'X:Bob' });
    const leaks = (await everyRow(db)).filter((r) => r.json.includes('bob') || r.json.includes(BOB_TEXT.toLowerCase()));
    expect(leaks).toEqual([]);
    expect((await q.interactions.toArray()).map((i) => i.customerHandle)).toEqual(['jane']);
  });
});

describe('retention purge reaches the QA and team tables (issue 16.5 / 17)', () => {
  it('removes old interactions, reviews, notes, engagement and team rows with their items; keeps recent ones and the outbox', async () => {
    const oldDb = openDb(freshFactory());
    const now = Date.parse('2026-11-27T00:00:00.000Z');
    // Old data (2024) and recent data (this month) in one database.
    await fill(oldDb, '2024-06-01T10:00:00.000Z');
    const q = oldDb as QualityDB;
    await recordSeen(
      oldDb,
      [post({ postId: '3', text: 'Recent complaint', authorHandle: 'cara', postedAt: '2026-11-20T10:00:00.000Z' })],
      '2026-11-20T10:00:00.000Z',
    );
    await oldDb.items.update('x:3', { state: 'replied' });
    const recent = await recordInteraction(
      oldDb,
      { key: 'x:3', replyText: 'Thanks Cara', customerText: null, source: 'composer', agent: 'Ana' },
      '2026-11-20T10:05:00.000Z',
    );
    await saveReview(
      oldDb,
      { interactionId: recent!.id, answers: { ...PASSING_ANSWERS }, comments: {}, coaching: 'Good one', reviewer: 'Sam' },
      '2026-11-21T00:00:00.000Z',
    );
    await recordEngagement(oldDb, [{ key: 'x:3', counts: counts(1) }], '2026-11-20T10:06:00.000Z');
    await q.teamEvents.bulkPut([teamEvent('t4', 'x:3', '2026-11-20T10:05:00.000Z'), teamEvent('t5', 'x:77', '2024-01-01T00:00:00.000Z')]);
    // An interaction copied from the team, old, about an item never stored here: purged by its own time.
    await q.interactions.put({ ...recent!, id: 'remote-old', itemKey: 'x:77', repliedAt: '2024-01-01T00:00:00.000Z' });
    // Unsent changes, one of them very old: never purged.
    await oldDb.teamOutbox.bulkPut([
      outboxChange('o-old', 'x:1', '2024-06-01T10:00:00.000Z'),
      outboxChange('o-new', 'x:3', '2026-11-20T10:00:00.000Z'),
    ]);

    const result = await purgeOlderThan(oldDb, 365, now);
    expect(result).toMatchObject({ items: 2, events: 2, interactions: 3 });
    expect(await oldDb.items.toCollection().primaryKeys()).toEqual(['x:3']);
    expect((await q.interactions.toArray()).map((i) => i.id)).toEqual([recent!.id]);
    expect((await q.qaReviews.toArray()).map((r) => r.interactionId)).toEqual([recent!.id]);
    expect((await q.coachingNotes.toArray()).map((n) => n.text)).toEqual(['Good one']);
    expect((await q.engagementSamples.toArray()).map((s) => s.itemKey)).toEqual(['x:3']);
    expect(await q.viralStatus.count()).toBe(0);
    expect((await q.teamEvents.toArray()).map((e) => e.id)).toEqual(['t4']);
    expect(await q.teamItems.count()).toBe(0);
    expect((await oldDb.teamOutbox.toCollection().primaryKeys()).sort()).toEqual(['o-new', 'o-old']);
  });

  it('keeps the QA and team rows of an old item that is still open', async () => {
    const db = openDb(freshFactory());
    await fill(db, '2024-06-01T10:00:00.000Z');
    await db.items.update('x:1', { state: 'claimed' });
    await purgeOlderThan(db, 365, Date.parse('2026-11-27T00:00:00.000Z'));
    const q = db as QualityDB;
    expect(await db.items.toCollection().primaryKeys()).toEqual(['x:1']);
    expect((await q.interactions.toArray()).map((i) => i.itemKey)).toEqual(['x:1']);
    expect(await q.qaReviews.count()).toBe(1);
    expect(await q.coachingNotes.count()).toBe(1);
    expect((await q.teamEvents.toArray()).map((e) => e.id).sort()).toEqual(['t1', 't2']);
    expect(await q.engagementSamples.count()).toBe(1);
  });
});
