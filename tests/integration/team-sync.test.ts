import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { teamNames, kvKeyForItem } from '../../lib/shared/team/names';
import { encodeJson } from '../../lib/shared/team/values';
import type { TeamEngine, MalformedReport } from '../../lib/background/team/engine';
import { MemoryTeamStore } from './memory-store';
import { NatsServer, natsServerPath } from './nats-server';
import { adminConnect, engineFor, initTeam, online, TEAM, waitFor } from './team-helpers';

const haveNats = natsServerPath() !== null;
if (!haveNats) console.warn('tests/integration/team-sync: SKIPPED — nats-server is not installed (apt-get install nats-server)');

describe.skipIf(!haveNats)('team sync engine against a real nats-server over WebSocket', () => {
  let server: NatsServer;
  const engines: TeamEngine[] = [];
  const names = teamNames(TEAM);
  const track = (e: TeamEngine) => (engines.push(e), e);

  beforeAll(async () => {
    expect(typeof WebSocket, 'Node needs --experimental-websocket (vitest.team.config.ts)').toBe('function');
    server = await NatsServer.start();
    await initTeam(server, { config: { v: 1, staleAfterMs: 5000, beatMs: 1000 } });
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('connects with the repository config, and two agents see each other’s claim within 1 s', async () => {
    const ana = track(await online(engineFor(server, 'ana').engine));
    const ben = track(await online(engineFor(server, 'ben').engine));
    expect(ana.status()).toMatchObject({ state: 'connected', team: TEAM, user: 'ana', setupHint: null });
    const t0 = Date.now();
    const r = await ana.claim('x:1001');
    expect(r.outcome).toBe('won');
    const seen = await waitFor('ben sees the claim', () => ben.item('x:1001').row, 1000, 2);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(seen.value).toMatchObject({ holder: 'ana', holderName: 'Ana', state: 'claimed' });
    expect(ben.item('x:1001').standing).toBe('held');
    // Ben's claim does not take it.
    const lost = await ben.claim('x:1001');
    expect(lost).toMatchObject({ outcome: 'lost', holder: 'ana', standing: 'held' });
  });

  it('100 claim races between two agents: exactly one winner each time', async () => {
    const ana = track(await online(engineFor(server, 'ana').engine));
    const ben = track(await online(engineFor(server, 'ben').engine));
    const wins = { ana: 0, ben: 0 };
    for (let i = 0; i < 100; i++) {
      const key = `x:race${i}`;
      const [a, b] = await Promise.all([ana.claim(key), ben.claim(key)]);
      const outcomes = [a.outcome, b.outcome].sort();
      expect(outcomes, `trial ${i}`).toEqual(['lost', 'won']);
      const winner = a.outcome === 'won' ? 'ana' : 'ben';
      wins[winner]++;
      const loser = a.outcome === 'won' ? b : a;
      expect(loser.outcome === 'lost' && loser.holder).toBe(winner);
    }
    // The server holds exactly the winners.
    const nc = await adminConnect(server);
    const kv = await new Kvm(nc).open(names.bucket);
    for (let i = 0; i < 100; i++) {
      const e = await kv.get(kvKeyForItem(`x:race${i}`));
      expect(e?.json<{ holder: string }>().holder).toMatch(/^(ana|ben)$/);
    }
    await nc.close();
    console.info(`claim race: ana won ${wins.ana}, ben won ${wins.ben} of 100`);
  });

  it('release, take-over of a stale claim, and a supervisor’s release', async () => {
    const ana = track(await online(engineFor(server, 'ana').engine));
    const ben = track(await online(engineFor(server, 'ben').engine));
    const sam = track(await online(engineFor(server, 'sam').engine));
    expect((await ana.claim('x:2001')).outcome).toBe('won');
    await waitFor('ben sees it', () => ben.item('x:2001').row);
    expect(await ben.release('x:2001')).toMatchObject({ outcome: 'lost' });
    expect(await ben.takeOver('x:2001')).toMatchObject({ outcome: 'lost', standing: 'held' });
    expect((await ana.release('x:2001')).outcome).toBe('won');
    await waitFor('released for ben', () => ben.item('x:2001').row?.value.holder === null);
    expect(ben.item('x:2001').standing).toBe('free');
    // Supervisor releases someone else's claim.
    expect((await ana.claim('x:2002')).outcome).toBe('won');
    await waitFor('sam sees it', () => sam.item('x:2002').row);
    expect((await sam.release('x:2002')).outcome).toBe('won');
    await waitFor('ana sees the release', () => ana.item('x:2002').row?.value.holder === null);
    // A claim whose holder has gone (no presence for the team's 5 s) goes stale and can be taken over.
    expect((await ana.claim('x:2003')).outcome).toBe('won');
    await waitFor('ben sees ana present', () => ben.presenceList().some((p) => p.user === 'ana'));
    await ana.stop();
    expect(ben.item('x:2003').standing).toBe('held');
    await waitFor('stale', () => ben.item('x:2003').standing === 'stale', 10_000, 100);
    expect((await ben.takeOver('x:2003')).outcome).toBe('won');
    expect(ben.item('x:2003').row?.value).toMatchObject({ holder: 'ben' });
    // All of it is logged as events.
    const kinds = await waitFor('events', () => {
      const evs = [...(sam as unknown as { opts: { store: MemoryTeamStore } }).opts.store.events.values()].filter((e) =>
        e.itemKey?.startsWith('x:200'),
      );
      return evs.length >= 6 ? evs.map((e) => `${e.user}:${e.kind}:${e.itemKey}`) : null;
    });
    expect(kinds).toEqual(expect.arrayContaining(['ana:claim:x:2001', 'ana:release:x:2001', 'sam:release:x:2002', 'ben:takeover:x:2003']));
  });

  it('presence: viewing / typing reaches the others; a silent agent disappears after three missed beats', async () => {
    const ana = track(await online(engineFor(server, 'ana').engine));
    const ben = track(await online(engineFor(server, 'ben').engine));
    ana.setPresence('x:3001', 'typing');
    const p = await waitFor('presence', () => ben.presenceList().find((e) => e.user === 'ana' && e.activity === 'typing'), 1000, 5);
    expect(p).toMatchObject({ name: 'Ana', itemKey: 'x:3001' });
    // A beat sent by a client that then goes silent (no "bye"): gone after ~3 beats.
    const nc = await adminConnect(server);
    nc.publish(
      `carebar.${TEAM}.presence.sam`,
      encodeJson({ v: 1, user: 'sam', name: 'Sam', itemKey: 'x:3001', activity: 'viewing', beatMs: 1000 }),
    );
    await nc.flush();
    await waitFor('sam present', () => ben.presenceList().some((e) => e.user === 'sam'), 2000);
    const t0 = Date.now();
    await waitFor('sam gone', () => !ben.presenceList().some((e) => e.user === 'sam'), 6000, 50);
    expect(Date.now() - t0).toBeGreaterThan(2500);
    // A beat whose body names another user than its subject is refused.
    const bad: MalformedReport[] = [];
    ben.subscribe({ malformed: (r) => bad.push(r) });
    nc.publish(
      `carebar.${TEAM}.presence.sam`,
      encodeJson({ v: 1, user: 'ana', name: 'Ana', itemKey: null, activity: 'idle', beatMs: 1000 }),
    );
    await waitFor('reported', () => bad.some((r) => r.where === 'presence'));
    await nc.close();
    // Stopping says goodbye: gone at once.
    await ana.stop();
    await waitFor('ana gone', () => !ben.presenceList().some((e) => e.user === 'ana'), 1000);
  });

  it('malformed remote values are ignored and reported; the last good value stays', async () => {
    const ben = track(await online(engineFor(server, 'ben').engine));
    const reports: MalformedReport[] = [];
    ben.subscribe({ malformed: (r) => reports.push(r) });
    const ana = track(await online(engineFor(server, 'ana').engine));
    await ana.claim('x:4001');
    await waitFor('good value', () => ben.item('x:4001').row?.value.holder === 'ana');
    const nc = await adminConnect(server);
    const kv = await new Kvm(nc).open(names.bucket);
    await kv.put(kvKeyForItem('x:4001'), new TextEncoder().encode('{not json'));
    await kv.put(kvKeyForItem('x:4002'), encodeJson({ v: 1, state: 'owned', holder: 'eve' }));
    await kv.put('i.bad!key'.replace('!', '_') + '=zz', encodeJson({}));
    await nc.close();
    await waitFor('three reports', () => reports.length >= 3);
    expect(reports.map((r) => r.where)).toEqual(['kv', 'kv', 'kv']);
    expect(reports[0].reason).toBe('not JSON');
    expect(ben.item('x:4001').row?.value.holder).toBe('ana');
    expect(ben.item('x:4002').row).toBeNull();
    expect(ben.status().malformed).toBeGreaterThanOrEqual(3);
    // A claim on top of a malformed value still works (compare-and-set on its revision).
    expect((await ben.claim('x:4002')).outcome).toBe('won');
  });
});
