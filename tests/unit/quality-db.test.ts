import { describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { recordEngagement, recordInteraction, reviewQueue, qaReport, coachingFor, type QualityDB } from '../../lib/background/db/quality';
import { LATEST_VERSION, SCHEMA_VERSIONS } from '../../lib/background/db/schema';
import { recordSeen, changeState } from '../../lib/background/db/items';
import { writeSettings } from '../../lib/background/db/settings';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import type { ChangeNotice } from '../../lib/shared/messaging/protocol';
import type { EngagementCounts } from '../../lib/shared/viral';
import { freshFactory, openDb, post } from './helpers/db';
import { PASSING_ANSWERS } from './helpers/qa';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';
const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const qaPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}qa.html`, tab: { id: 4, url: `${ORIGIN}qa.html` } };
const counts = (reposts: number, likes = 0): EngagementCounts => ({ replies: 0, reposts, likes, views: null, authorFollowers: null });

function setup() {
  const db = openDb(freshFactory());
  const broadcasts: ChangeNotice[] = [];
  const notified: string[] = [];
  const ctx = serverContext(db, { broadcast: (i) => broadcasts.push(i), notify: (id) => notified.push(id) });
  const send = (type: string, payload: unknown, sender: SenderInfo = contentScript) =>
    handleRequest({ carebar: 1, type, payload }, sender, ctx);
  return { db, ctx, send, broadcasts, notified };
}

describe('schema v7 (quality tables)', () => {
  it('a v4 database with data upgrades (through the team and event-sequence versions) to the latest with the quality tables empty and writable', async () => {
    const v4 = SCHEMA_VERSIONS.findIndex((v) => v.version === 4);
    expect(v4).toBeGreaterThanOrEqual(0);
    const factory = freshFactory();
    const old = openDb(factory, 4);
    await old.items.add({ ...(await recordSeen(openDb(freshFactory()), [post({ postId: '11' })]))[0] });
    old.close();
    const db = openDb(factory) as QualityDB;
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.items.count()).toBe(1);
    for (const table of ['interactions', 'qaReviews', 'coachingNotes', 'engagementSamples', 'viralStatus'])
      expect(await db.table(table).count()).toBe(0);
    await db.engagementSamples.add({ id: 'a', itemKey: 'x:11', at: '2026-11-30T10:00:00.000Z', counts: counts(1) });
    expect(await db.engagementSamples.where('[itemKey+at]').between(['x:11', ''], ['x:11', '\uffff']).count()).toBe(1);
    db.close();
    // The quality version declares tables only: an IndexedDB opened without Dexie's knowledge sees them too.
    const raw = new Dexie('carebar', { indexedDB: factory, IDBKeyRange });
    await raw.open();
    expect(raw.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['interactions', 'qaReviews', 'coachingNotes', 'engagementSamples', 'viralStatus']),
    );
    raw.close();
  });
});

describe('interactions, reviews and coaching', () => {
  it('a reply becomes an interaction with pre-checks; the review needs every answer and a comment on a fail; the agent gets the note', async () => {
    const { db, send } = setup();
    await writeSettings(db, { agentName: 'Ana', agentInitials: 'AN' });
    const postedAt = new Date(Date.now() - 40 * 60_000).toISOString(); // 40 min ago: past the X breach time (30 min)
    await recordSeen(db, [post({ postId: '21', postedAt, text: 'my blender is broken @AcmeSupport' })]);
    const reply = await send('qa.interaction', {
      key: 'x:21',
      replyText: 'Sorry for the inconvenience, DM us ^AN',
      customerText: 'my blender is broken @AcmeSupport',
      source: 'composer',
    });
    expect(reply).toMatchObject({ ok: true, data: { interaction: { itemKey: 'x:21', agent: 'Ana', source: 'composer' } } });
    const interaction = (reply as { data: { interaction: { id: string; preChecks: Record<string, { answer: string }> } } }).data
      .interaction;
    expect(interaction.preChecks['response-time'].answer).toBe('no');
    expect(interaction.preChecks['generic-phrase'].answer).toBe('no');
    expect(interaction.preChecks.initials.answer).toBe('yes');
    // The same reply again within a minute is the same interaction.
    const again = await send('qa.interaction', {
      key: 'x:21',
      replyText: 'Sorry for the inconvenience, DM us ^AN',
      customerText: null,
      source: 'composer',
    });
    expect((again as { data: { interaction: { id: string } } }).data.interaction.id).toBe(interaction.id);

    // Content scripts cannot read or write reviews.
    expect(await send('qa.queue', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const queue = await send('qa.queue', {}, qaPage);
    expect(queue).toMatchObject({
      ok: true,
      data: { entries: [{ interaction: { id: interaction.id }, reasons: ['breached'], review: null }] },
    });

    const incomplete = await send(
      'qa.review',
      { interactionId: interaction.id, answers: { empathy: 2 }, comments: {}, coaching: null },
      qaPage,
    );
    expect(incomplete).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect((incomplete as { error: { issues: string[] } }).error.issues).toContain('Provides empathy: a fail needs a comment');
    expect(await (db as QualityDB).qaReviews.count()).toBe(0);

    const answers = { ...PASSING_ANSWERS, empathy: 2, probing: 3, 'response-time': 'no', specific: 'no' };
    const saved = await send(
      'qa.review',
      {
        interactionId: interaction.id,
        answers,
        comments: { empathy: 'Open with the customer, not a stock apology', 'response-time': 'Picked up late' },
        coaching: 'Lead with empathy in your own words.',
      },
      qaPage,
    );
    expect(saved).toMatchObject({
      ok: true,
      data: { review: { agent: 'Ana', reviewer: 'Ana' }, note: { agent: 'Ana', text: 'Lead with empathy in your own words.' } },
    });
    const score = (saved as { data: { review: { score: number } } }).data.review.score;
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(100);

    const notes = await coachingFor(db, 'Ana');
    expect(notes.map((n) => n.note.text)).toEqual(['Lead with empathy in your own words.']);
    expect(await send('qa.coaching', {}, qaPage)).toMatchObject({ ok: true, data: { agent: 'Ana', notes: [{ note: { readAt: null } }] } });

    const report = await qaReport(db);
    expect(report.byAgentWeek).toEqual([expect.objectContaining({ agent: 'Ana', reviews: 1, meanScore: score })]);
    expect(report.byCriterion.find((c) => c.id === 'empathy')).toMatchObject({ meanPercent: 25, fails: 1 });
    expect(report.csv.split('\n')[0]).toContain('empathy comment');
  });

  it('escalated items are always sampled; others up to the weekly quota', async () => {
    const { db } = setup();
    await writeSettings(db, { agentName: 'Ben' });
    const now = Date.now();
    await recordSeen(
      db,
      Array.from({ length: 8 }, (_, i) => post({ postId: String(100 + i), postedAt: new Date(now - 60_000).toISOString() })),
    );
    await changeState(db, { key: 'x:107', to: 'escalated', agent: 'Ben' });
    for (let i = 0; i < 8; i++)
      await recordInteraction(db, { key: `x:${100 + i}`, replyText: `reply ${i}`, customerText: null, source: 'composer', agent: 'Ben' });
    const queue = await reviewQueue(db);
    expect(queue.filter((e) => e.reasons.includes('random'))).toHaveLength(5);
    expect(queue.find((e) => e.interaction.itemKey === 'x:107')?.reasons).toEqual(['escalated']);
    expect(
      await recordInteraction(db, { key: 'x:999', replyText: 'to nothing', customerText: null, source: 'composer', agent: 'Ben' }),
    ).toBeNull();
  });
});

describe('engagement samples and viral risk', () => {
  it('counts growing fast between two visits make the item rising, notify once, and broadcast the row', async () => {
    const { db, send, notified, broadcasts } = setup();
    await recordSeen(db, [post({ postId: '31' }), post({ postId: '32' })]);
    const first = await send('viral.samples', {
      samples: [
        { key: 'x:31', counts: counts(2, 10) },
        { key: 'x:32', counts: counts(1, 1) },
      ],
    });
    expect(first).toMatchObject({ ok: true, data: { levels: { 'x:31': { level: 'none' }, 'x:32': { level: 'none' } } } });
    const second = await send('viral.samples', {
      samples: [
        { key: 'x:31', counts: counts(80, 300) },
        { key: 'x:32', counts: counts(1, 2) },
      ],
    });
    expect(second).toMatchObject({ ok: true, data: { levels: { 'x:31': { level: 'rising' }, 'x:32': { level: 'none' } } } });
    expect(notified).toEqual(['carebar-viral:x:31']);
    const item = await db.items.get('x:31');
    expect(item).toMatchObject({ viral: 'rising' });
    expect(item!.viralReason).toContain('Reposts growing');
    expect(broadcasts.at(-1)).toMatchObject({ type: 'items.changed', items: [{ key: 'x:31', viral: 'rising' }] });
    // Another reading: still rising, no second notification; the same counts add no sample.
    await send('viral.samples', { samples: [{ key: 'x:31', counts: counts(150, 500) }] });
    await send('viral.samples', { samples: [{ key: 'x:31', counts: counts(150, 500) }] });
    expect(notified).toHaveLength(1);
    expect(await (db as QualityDB).engagementSamples.where('itemKey').equals('x:31').count()).toBe(3);
  });

  it('an unknown item or a malformed count writes nothing', async () => {
    const { db, send } = setup();
    expect(await send('viral.samples', { samples: [{ key: 'x:41', counts: counts(5) }] })).toMatchObject({
      ok: true,
      data: { levels: {} },
    });
    expect(await send('viral.samples', { samples: [{ key: 'x:41', counts: { ...counts(5), likes: -1 } }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await (db as QualityDB).engagementSamples.count()).toBe(0);
    const { changed } = await recordEngagement(db, [{ key: 'x:41', counts: counts(1) }]);
    expect(changed).toEqual([]);
  });
});
