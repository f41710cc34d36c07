import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import type { CarebarDB } from '../../lib/background/db/schema';
import { recordSeen } from '../../lib/background/db/items';
import { writeSettings } from '../../lib/background/db/settings';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import { TEAM_PASSWORD_KEY, TEAM_SETTINGS_KEY, TeamService } from '../../lib/background/team/service';
import type { TeamSettings } from '../../lib/shared/team/settings';
import { customerToken, teamNames } from '../../lib/shared/team/names';
import type { QualityDB } from '../../lib/background/db/quality';
import { NatsServer, natsServerPath, USERS } from './nats-server';
import { adminConnect, initTeam, TEAM, waitFor } from './team-helpers';
import { freshFactory, openDb, post } from '../unit/helpers/db';
import { PASSING_ANSWERS } from '../unit/helpers/qa';
import { ORIGIN, RUNTIME_ID, serverContext } from '../unit/helpers/server';

// Quality monitoring across a team (issue 17.1) with the real parts: two agents' background databases (IndexedDB via
// fake-indexeddb, the same Dexie schema), the team service with its sync engine, the QA request handlers, and a real
// nats-server. Ana (agent) replies; Sam (supervisor, another machine) sees the interaction, reviews it with a coaching
// note; Ana's own coaching page shows the note — also when Ana was offline when Sam wrote it.

const haveNats = natsServerPath() !== null;
const qaPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}qa.html`, tab: { id: 4, url: `${ORIGIN}qa.html` } };
const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };

type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Machine {
  db: CarebarDB;
  team: TeamService;
  send(type: string, payload: unknown, sender?: SenderInfo): Promise<Reply>;
}

/** One agent's background; given `db`, a restarted service worker on that agent's existing database. */
async function machine(server: NatsServer, who: 'ana' | 'ben' | 'sam', existing?: CarebarDB): Promise<Machine> {
  const db = existing ?? openDb(freshFactory());
  if (!existing) {
    const name = who[0].toUpperCase() + who.slice(1);
    await writeSettings(db, { agentName: name });
    const settings: TeamSettings = { enabled: true, urls: [server.wsUrl], user: who, team: TEAM, displayName: name, role: USERS[who].role };
    await db.settings.put({ key: TEAM_SETTINGS_KEY, value: settings });
    await db.secrets.put({ key: TEAM_PASSWORD_KEY, value: USERS[who].password, updatedAt: new Date().toISOString() });
  }
  const team = new TeamService(db, { notify: () => {}, itemsChanged: () => {} });
  await team.init();
  await waitFor(`${who} connected`, () => team.status().state === 'connected' && team.status().synced, 15_000);
  const ctx = serverContext(db, { team, startedAt: new Date().toISOString() });
  return {
    db,
    team,
    send: (type, payload, sender = qaPage) => handleRequest({ carebar: 1, type, payload }, sender, ctx) as Promise<Reply>,
  };
}

const recent = (postId: string) => post({ postId, postedAt: new Date(Date.now() - 10 * 60_000).toISOString() });

const ANSWERS = { ...PASSING_ANSWERS, empathy: 2 };

describe.skipIf(!haveNats)('quality monitoring over the team stream (real nats-server)', () => {
  let server: NatsServer;
  const machines: Machine[] = [];
  const track = (m: Machine) => (machines.push(m), m);

  beforeAll(async () => {
    expect(typeof WebSocket, 'Node needs --experimental-websocket (vitest.team.config.ts)').toBe('function');
    server = await NatsServer.start();
    await initTeam(server, { config: { v: 1, staleAfterMs: 5000, beatMs: 1000 } });
  });
  afterEach(async () => {
    await Promise.all(machines.splice(0).map((m) => m.team.stop()));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("agent Ana's interaction reaches supervisor Sam; Sam's review and coaching note reach Ana", async () => {
    const ana = track(await machine(server, 'ana'));
    const sam = track(await machine(server, 'sam'));
    await recordSeen(ana.db, [recent('7001')]);

    const kept = await ana.send(
      'qa.interaction',
      { key: 'x:7001', replyText: 'So sorry Jane, DM us your order ^AN', customerText: null, source: 'composer' },
      contentScript,
    );
    expect(kept).toMatchObject({ ok: true, data: { interaction: { agent: 'Ana', user: 'ana' } } });
    const id = kept.data.interaction.id as string;

    // Sam's machine never saw the post: the interaction arrives with everything a review needs.
    const entry = await waitFor('Sam sees Ana’s interaction', async () => {
      const q = await sam.send('qa.queue', {});
      return q.data.entries.find((e: { interaction: { id: string } }) => e.interaction.id === id);
    });
    expect(entry.interaction).toMatchObject({
      agent: 'Ana',
      user: 'ana',
      channel: 'x',
      itemKey: 'x:7001',
      replyText: 'So sorry Jane, DM us your order ^AN',
      customerText: 'My order never arrived @AcmeSupport',
      permalink: 'https://x.com/jane/status/7001',
    });
    expect(entry.interaction.preChecks['response-time'].answer).toBe('yes');

    const saved = await sam.send('qa.review', {
      interactionId: id,
      answers: ANSWERS,
      comments: { empathy: 'Open with Jane’s problem' },
      coaching: 'Lead with empathy in your own words.',
    });
    expect(saved).toMatchObject({ ok: true, data: { review: { agent: 'Ana', user: 'ana', reviewer: 'Sam', reviewerUser: 'sam' } } });

    const notes = await waitFor('Ana gets the coaching note', async () => {
      const c = await ana.send('qa.coaching', {});
      return c.data.notes.length ? c.data.notes : null;
    });
    expect(notes).toEqual([
      expect.objectContaining({
        note: expect.objectContaining({ text: 'Lead with empathy in your own words.', from: 'Sam', readAt: null }),
        interaction: expect.objectContaining({ id }),
        review: expect.objectContaining({ score: saved.data.review.score }),
      }),
    ]);
    // Ana's own scores carry Sam's review; everyone's scores are still not hers to see.
    expect(await ana.send('qa.report', { mine: true })).toMatchObject({
      ok: true,
      data: { count: 1, byAgentWeek: [{ agent: 'Ana', reviews: 1 }] },
    });
    expect(await ana.send('qa.report', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // One event each on the stream, de-duplicated by id (the interaction's id is its msgID).
    const again = await ana.send(
      'qa.interaction',
      { key: 'x:7001', replyText: 'So sorry Jane, DM us your order ^AN', customerText: null, source: 'thread' },
      contentScript,
    );
    expect(again.data.interaction.id).toBe(id);
    await waitFor('Ana’s outbox drained', () => ana.team.status().pending === 0);
    const nc = await adminConnect(server);
    const jsm = await jetstreamManager(nc);
    const names = teamNames(TEAM);
    const { first_seq, last_seq } = (await jsm.streams.info(names.eventStream)).state;
    const qaSubjects: string[] = [];
    for (let seq = first_seq; seq <= last_seq; seq++) {
      const m = await jsm.streams.getMessage(names.eventStream, { seq }).catch(() => null);
      if (m && /\.qa-[a-z]+$/.test(m.subject)) qaSubjects.push(m.subject.split('.').slice(4).join('.'));
    }
    expect(qaSubjects.sort()).toEqual(['ana.qa-interaction', 'sam.qa-review']);
    await nc.close();
  });

  it('a review written while the agent is offline reaches them on reconnect (outbox + resume)', async () => {
    let ana = track(await machine(server, 'ana'));
    await recordSeen(ana.db, [recent('7002')]);
    const kept = await ana.send(
      'qa.interaction',
      { key: 'x:7002', replyText: 'We are on it, Jane ^AN', customerText: null, source: 'composer' },
      contentScript,
    );
    const id = kept.data.interaction.id as string;
    await waitFor('Ana’s outbox drained', () => ana.team.status().pending === 0);
    await ana.team.stop();

    const sam = track(await machine(server, 'sam'));
    await waitFor('Sam sees it', async () =>
      (await sam.send('qa.queue', {})).data.entries.some((e: { interaction: { id: string } }) => e.interaction.id === id),
    );
    expect(
      await sam.send('qa.review', {
        interactionId: id,
        answers: ANSWERS,
        comments: { empathy: 'Name the problem' },
        coaching: 'Good speed; warmer opening.',
      }),
    ).toMatchObject({ ok: true });

    ana = track(await machine(server, 'ana', ana.db));
    const notes = await waitFor('Ana gets the note after reconnecting', async () => {
      const c = await ana.send('qa.coaching', {});
      return c.data.notes.find((n: { note: { text: string } }) => n.note.text === 'Good speed; warmer opening.');
    });
    expect(notes.interaction).toMatchObject({ id });
  });

  it('a supervisor releases an agent’s claim from the queue (logged with whose it was); an agent cannot', async () => {
    const ana = track(await machine(server, 'ana'));
    const ben = track(await machine(server, 'ben'));
    const sam = track(await machine(server, 'sam'));
    for (const m of [ana, ben, sam]) await recordSeen(m.db, [recent('7003')]);
    expect(await ana.send('items.setState', { key: 'x:7003', to: 'claimed' })).toMatchObject({ ok: true });
    await waitFor('Sam and Ben see Ana’s claim', async () => {
      const [s, b] = await Promise.all([sam.send('team.held', {}), ben.send('team.held', {})]);
      return s.data.items.some((i: { key: string }) => i.key === 'x:7003') && b.data.items.some((i: { key: string }) => i.key === 'x:7003');
    });
    const refused = await ben.send('team.release', { key: 'x:7003' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(refused.error!.message).toContain('Ana');

    expect(await sam.send('team.release', { key: 'x:7003' })).toMatchObject({ ok: true, data: { outcome: 'won' } });
    await waitFor('Ana’s item is free again', async () => (await ana.db.items.get('x:7003'))?.state === 'new');
    await waitFor('Sam’s outbox drained', () => sam.team.status().pending === 0);
    const log = await waitFor('the release is in Ana’s team log', async () =>
      (await ana.db.teamEvents.toArray()).find((e) => e.kind === 'release' && e.itemKey === 'x:7003'),
    );
    expect(log).toMatchObject({ user: 'sam', from: 'claimed', note: 'Released by supervisor Sam; was claimed by Ana' });
  });

  it('forgetting the customer on one machine removes the team’s copies: the stream’s QA events and the supervisor’s interaction, review and note', async () => {
    const ana = track(await machine(server, 'ana'));
    const sam = track(await machine(server, 'sam'));
    await recordSeen(ana.db, [recent('7004')]);
    const kept = await ana.send(
      'qa.interaction',
      { key: 'x:7004', replyText: 'Jane, we sent a new one ^AN', customerText: null, source: 'composer' },
      contentScript,
    );
    const id = kept.data.interaction.id as string;
    await waitFor('Sam sees it', async () => (await (sam.db as QualityDB).interactions.get(id)) ?? null);
    expect(
      await sam.send('qa.review', { interactionId: id, answers: ANSWERS, comments: { empathy: 'Warmer' }, coaching: 'Say sorry first.' }),
    ).toMatchObject({ ok: true });
    await waitFor('Ana has the note', async () => (await (ana.db as QualityDB).coachingNotes.count()) > 0);

    expect(await ana.send('customers.forget', { identityKey: 'x:jane' })).toMatchObject({ ok: true });
    const q = sam.db as QualityDB;
    await waitFor('Sam’s copies are gone', async () => !(await q.interactions.get(id)));
    expect(await q.qaReviews.where('interactionId').equals(id).count()).toBe(0);
    expect(await q.coachingNotes.where('interactionId').equals(id).count()).toBe(0);
    await waitFor('Ana’s copies too', async () => !(await (ana.db as QualityDB).interactions.get(id)));
    expect(await (ana.db as QualityDB).coachingNotes.where('interactionId').equals(id).count()).toBe(0);
    // On the stream: nothing about Jane but the forget itself.
    const token = await customerToken(TEAM, 'x:jane');
    const nc = await adminConnect(server);
    const jsm = await jetstreamManager(nc);
    const { first_seq, last_seq } = (await jsm.streams.info(teamNames(TEAM).eventStream)).state;
    const about: string[] = [];
    for (let seq = first_seq; seq <= last_seq; seq++) {
      const m = await jsm.streams.getMessage(teamNames(TEAM).eventStream, { seq }).catch(() => null);
      if (m?.subject.includes(`.ev.${token}.`)) about.push(m.subject.split('.').slice(4).join('.'));
    }
    expect(about).toEqual(['ana.forget']);
    await nc.close();
  });
});
