import { describe, expect, it } from 'vitest';
import { recordInteraction, saveReview, type QualityDB } from '../../lib/background/db/quality';
import { recordSeen } from '../../lib/background/db/items';
import { writeSettings } from '../../lib/background/db/settings';
import { applyTeamQaEvents } from '../../lib/background/qa-team';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import { TEAM_SETTINGS_KEY } from '../../lib/background/team/service';
import type { TeamSettings } from '../../lib/shared/team/settings';
import { fitJson, interactionData, QA_INTERACTION, QA_REVIEW, reviewData } from '../../lib/shared/team/qa-events';
import { freshFactory, openDb, post } from './helpers/db';
import { PASSING_ANSWERS } from './helpers/qa';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';

const qaPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}qa.html`, tab: { id: 4, url: `${ORIGIN}qa.html` } };

type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One machine's database with interactions of Ana (user ana) and Ben (user ben), each reviewed with a note. */
async function teamDb(role: 'agent' | 'supervisor' | null, user = 'ana') {
  const db = openDb(freshFactory());
  await writeSettings(db, { agentName: 'Ana' });
  if (role) {
    const settings: TeamSettings = { enabled: true, urls: ['ws://127.0.0.1:4222'], user, team: 'demo', displayName: 'Ana', role };
    await db.settings.put({ key: TEAM_SETTINGS_KEY, value: settings });
  }
  const recent = new Date(Date.now() - 5 * 60_000).toISOString();
  await recordSeen(db, [post({ postId: '501', postedAt: recent }), post({ postId: '502', postedAt: recent })]);
  const a = await recordInteraction(db, {
    key: 'x:501',
    replyText: 'Ana here, on it',
    customerText: null,
    source: 'composer',
    agent: 'Ana',
    user: 'ana',
  });
  const b = await recordInteraction(db, {
    key: 'x:502',
    replyText: 'Ben here, on it',
    customerText: null,
    source: 'composer',
    agent: 'Ben',
    user: 'ben',
  });
  for (const [i, text] of [
    [a!, 'Note for Ana'],
    [b!, 'Note for Ben'],
  ] as const)
    await saveReview(db, {
      interactionId: i.id,
      answers: { ...PASSING_ANSWERS },
      comments: {},
      coaching: text,
      reviewer: 'Sam',
      reviewerUser: 'sam',
    });
  const ctx = serverContext(db);
  const send = (type: string, payload: unknown) => handleRequest({ carebar: 1, type, payload }, qaPage, ctx) as Promise<Reply>;
  return { db: db as QualityDB, send, a: a!, b: b! };
}

describe('QA roles enforced in the background (issue 16.5 / 17.2)', () => {
  it('a team agent is refused everyone’s interactions and scores, and sees only their own with mine', async () => {
    const { send, a } = await teamDb('agent');
    expect(await send('qa.config', {})).toMatchObject({ ok: true, data: { role: 'agent', user: 'ana' } });

    const all = await send('qa.queue', {});
    expect(all).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(all.error!.message).toMatch(/only supervisors see other agents/);
    const mine = await send('qa.queue', { mine: true });
    expect(mine.data.entries.map((e: { interaction: { id: string } }) => e.interaction.id)).toEqual([a.id]);

    expect(await send('qa.report', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const report = await send('qa.report', { mine: true });
    expect(report).toMatchObject({ ok: true, data: { count: 1, byAgentWeek: [{ agent: 'Ana', reviews: 1 }] } });
    expect(report.data.csv).not.toContain('Ben');

    const coaching = await send('qa.coaching', {});
    expect(coaching.data.notes.map((n: { note: { text: string } }) => n.note.text)).toEqual(['Note for Ana']);
  });

  it('a team agent neither reviews nor edits the form, nor marks another agent’s note read', async () => {
    const { db, send, a, b } = await teamDb('agent');
    const review = await send('qa.review', { interactionId: a.id, answers: { ...PASSING_ANSWERS }, comments: {}, coaching: null });
    expect(review).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send('qa.setConfig', { perAgentPerWeek: 9 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bensNote = (await db.coachingNotes.where('interactionId').equals(b.id).first())!;
    await send('qa.coachingRead', { ids: [bensNote.id] });
    expect((await db.coachingNotes.get(bensNote.id))!.readAt).toBeNull();
  });

  it('a supervisor sees everyone’s interactions, scores and reviews; a solo agent self-reviews', async () => {
    const sup = await teamDb('supervisor', 'sam');
    const queue = await sup.send('qa.queue', {});
    expect(queue.data.entries).toHaveLength(2);
    const report = await sup.send('qa.report', {});
    expect(report.data.byAgentWeek.map((r: { agent: string }) => r.agent).sort()).toEqual(['Ana', 'Ben']);
    expect(
      await sup.send('qa.review', { interactionId: sup.b.id, answers: { ...PASSING_ANSWERS }, comments: {}, coaching: null }),
    ).toMatchObject({
      ok: true,
      data: { review: { agent: 'Ben', user: 'ben', reviewerUser: 'sam' } },
    });
    // The supervisor's own coaching page holds no note meant for Ana or Ben.
    expect((await sup.send('qa.coaching', {})).data.notes).toEqual([]);

    const solo = await teamDb(null);
    expect(await solo.send('qa.config', {})).toMatchObject({ data: { role: 'solo', user: null } });
    expect((await solo.send('qa.queue', {})).data.entries).toHaveLength(2);
    expect(
      (await solo.send('qa.review', { interactionId: solo.a.id, answers: { ...PASSING_ANSWERS }, comments: {}, coaching: null })).ok,
    ).toBe(true);
  });
});

describe('QA events from the team stream', () => {
  it('an interaction and a review with its note are applied once; a newer review replaces the older; malformed ones are ignored', async () => {
    const from = await teamDb('agent', 'ben');
    const to = openDb(freshFactory()) as QualityDB;
    const ev = (kind: string, id: string, user: string, data: Record<string, unknown>) => ({ kind, id, user, data });

    const iEvent = ev(QA_INTERACTION, from.b.id, 'ben', interactionData(from.b));
    expect(await applyTeamQaEvents(to, [iEvent, iEvent])).toEqual({ applied: 1, malformed: [] });
    expect(await to.interactions.get(from.b.id)).toMatchObject({ agent: 'Ben', user: 'ben', replyText: 'Ben here, on it' });

    const review = (await from.db.qaReviews.where('interactionId').equals(from.b.id).first())!;
    const note = (await from.db.coachingNotes.where('interactionId').equals(from.b.id).first())!;
    const rEvent = ev(QA_REVIEW, 'rev-event-1', 'sam', reviewData(review, note));
    await applyTeamQaEvents(to, [rEvent, rEvent]);
    expect(await to.coachingNotes.toArray()).toEqual([
      expect.objectContaining({ text: 'Note for Ben', user: 'ben', from: 'Sam', readAt: null }),
    ]);
    const newer = { ...review, reviewedAt: new Date(Date.parse(review.reviewedAt) + 1000).toISOString(), score: 50 };
    await applyTeamQaEvents(to, [ev(QA_REVIEW, 'rev-event-2', 'sam', reviewData(newer, null)), rEvent]);
    expect(await to.qaReviews.toArray()).toEqual([expect.objectContaining({ id: review.id, score: 50, reviewerUser: 'sam' })]);

    // Another client's hostile or broken values: a script link, an interaction claiming another id, a bad score.
    const hostile = { ...interactionData(from.b), id: crypto.randomUUID(), permalink: 'javascript:alert(1)' };
    const r = await applyTeamQaEvents(to, [
      ev(QA_INTERACTION, hostile.id as string, 'ben', hostile),
      ev(QA_INTERACTION, crypto.randomUUID(), 'ben', interactionData(from.a)),
      ev(QA_REVIEW, 'rev-event-3', 'sam', { review: { ...review, score: 900 }, note: null }),
    ]);
    expect(r.applied).toBe(0);
    expect(r.malformed).toHaveLength(3);
    expect(await to.interactions.count()).toBe(1);
  });

  it('event data always fits the team event’s 8 KB, cutting the longest texts', () => {
    const long = { a: 'x'.repeat(9000), b: 'y'.repeat(3000), nested: { c: '"'.repeat(2000), keep: 'short' } };
    const fitted = fitJson(long);
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(8000);
    expect(fitted.nested.keep).toBe('short');
    expect(fitted.a.endsWith('…')).toBe(true);
  });
});
