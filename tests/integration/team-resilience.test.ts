import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { wsconnect } from '@nats-io/nats-core';
import { customerToken, eventSubject, kvKeyForItem, teamNames } from '../../lib/shared/team/names';
import { applyChange } from '../../lib/shared/team/rules';
import { encodeJson, type TeamItem } from '../../lib/shared/team/values';
import type { ConflictReport, TeamEngine } from '../../lib/background/team/engine';
import { MemoryTeamStore } from './memory-store';
import { NatsServer, natsServerPath, USERS } from './nats-server';
import { adminConnect, engineFor, initTeam, online, TEAM, waitFor, waitStatus } from './team-helpers';

const haveNats = natsServerPath() !== null;
if (!haveNats) console.warn('tests/integration/team-resilience: SKIPPED — nats-server is not installed (apt-get install nats-server)');

describe.skipIf(!haveNats)('team sync: outages, conflicts, catch-up, forgetting', () => {
  let server: NatsServer;
  const engines: TeamEngine[] = [];
  const names = teamNames(TEAM);
  const track = (e: TeamEngine) => (engines.push(e), e);

  beforeAll(async () => {
    server = await NatsServer.start();
    await initTeam(server, { config: { v: 1, staleAfterMs: 60_000, beatMs: 1000 } });
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  type StreamEvent = { id: string; kind: string; itemKey: string | null; subject: string };
  async function streamEvents(filter = names.eventSubjects): Promise<StreamEvent[]> {
    const nc = await adminConnect(server);
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(names.eventStream);
    const out: StreamEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(names.eventStream, { seq }).catch(() => null);
      if (m && (filter === names.eventSubjects || m.subject.startsWith(filter.replace('>', ''))))
        out.push({ ...m.json<Omit<StreamEvent, 'subject'>>(), subject: m.subject });
    }
    await nc.close();
    return out;
  }

  it('the outbox drains after a server restart: changes made while the server was down reach the others', async () => {
    const ana = track(await online(engineFor(server, 'ana').engine));
    const ben = track(await online(engineFor(server, 'ben').engine));
    await server.stop();
    await waitStatus(ana, 'reconnecting');
    await waitStatus(ana, 'offline', 10_000);
    const t1 = new Date().toISOString();
    expect(await ana.setState('x:5001', 'replied', t1)).toMatchObject({ outcome: 'pending' });
    expect(await ana.setState('x:5002', 'replied', t1)).toMatchObject({ outcome: 'pending' });
    expect(await ana.claim('x:5003')).toMatchObject({ outcome: 'pending' });
    expect(ana.status().pending).toBe(3);
    await server.restart();
    await waitStatus(ana, 'connected', 20_000);
    await waitFor('outbox empty', () => ana.status().pending === 0, 20_000);
    for (const k of ['x:5001', 'x:5002']) {
      const row = await waitFor(`ben sees ${k}`, () => ben.item(k).row, 20_000);
      expect(row.value).toMatchObject({ state: 'replied', firstResponseAt: t1, updatedBy: 'ana' });
    }
    expect((await waitFor('claim', () => ben.item('x:5003').row)).value.holder).toBe('ana');
    // Each change is one event in the stream, and ben's store has each once.
    const evs = await waitFor('three events', async () => {
      const list = (await streamEvents()).filter((e) => ['x:5001', 'x:5002', 'x:5003'].includes(e.itemKey ?? ''));
      return list.length >= 3 ? list : null;
    });
    expect(evs.map((e) => `${e.itemKey} ${e.kind}`).sort()).toEqual(['x:5001 state', 'x:5002 state', 'x:5003 claim']);
  });

  it('a write that timed out but landed is recognised after reconnecting: no second write, one event', async () => {
    // Ana's outbox holds a claim whose KV write reached the server before the connection died (what a timeout
    // leaves behind): the value with her op id is on the server, the outbox entry is still there.
    const store = new MemoryTeamStore();
    const opId = 'LandedClaimOp0000000001';
    const createdAt = new Date().toISOString();
    const nc = await adminConnect(server);
    const kv = await new Kvm(nc).open(names.bucket);
    const value: TeamItem = applyChange(null, { kind: 'claim' }, { user: 'ana', name: 'Ana' }, opId, createdAt);
    const rev = await kv.create(kvKeyForItem('x:6001'), encodeJson(value));
    await store.outboxPut({
      id: opId,
      seq: 1,
      createdAt,
      attempts: 1,
      lastError: 'TIMEOUT',
      type: 'change',
      itemKey: 'x:6001',
      change: { kind: 'claim' },
      customer: null,
      note: null,
    });
    const ana = track(await online(engineFor(server, 'ana', store).engine));
    await waitFor('drained', () => store.outbox.size === 0);
    expect((await kv.get(kvKeyForItem('x:6001')))?.revision).toBe(rev);
    await nc.close();
    await waitFor('event', async () => (await streamEvents()).some((e) => e.id === opId));
    expect((await streamEvents()).filter((e) => e.id === opId)).toHaveLength(1);
    expect(ana.item('x:6001').row?.value.holder).toBe('ana');
  });

  it('conflict rule 1 — claims: the server’s revision wins over a claim queued offline', async () => {
    const aStore = new MemoryTeamStore();
    const ana = track(await online(engineFor(server, 'ana', aStore).engine));
    await ana.stop();
    // Ana claims while offline (queued)…
    const offline = engineFor('ws://127.0.0.1:1', 'ana', aStore).engine;
    await offline.start();
    expect(await offline.claim('x:7001')).toMatchObject({ outcome: 'pending' });
    await offline.stop();
    // …ben claims it on the server meanwhile…
    const ben = track(await online(engineFor(server, 'ben').engine));
    expect((await ben.claim('x:7001')).outcome).toBe('won');
    // …ana comes back: her claim loses, is reported, and she sees ben as the holder.
    const back = track(engineFor(server, 'ana', aStore).engine);
    const conflicts: ConflictReport[] = [];
    back.subscribe({ conflict: (c) => conflicts.push(c) });
    await online(back);
    await waitFor('conflict', () => conflicts.length === 1);
    expect(conflicts[0]).toMatchObject({ itemKey: 'x:7001', kind: 'claim', holder: 'ben' });
    await waitFor('sees ben', () => back.item('x:7001').row?.value.holder === 'ben');
    expect(aStore.outbox.size).toBe(0);
  });

  it('conflict rule 2 — events: append-only, a repeated id is one event (stream msgID and the local merge)', async () => {
    const ana = track(await online(engineFor(server, 'ana').engine));
    const { engine: ben, store: bStore } = engineFor(server, 'ben');
    track(await online(ben));
    const draft = { id: 'InteractionEvent0000001', kind: 'interaction', itemKey: 'x:8001', data: { reply: 'Thanks!' } };
    await ana.publishEvent(draft);
    await ana.publishEvent(draft);
    await waitFor('ben has it', () => bStore.events.has(draft.id));
    await new Promise((r) => setTimeout(r, 300));
    expect([...bStore.events.values()].filter((e) => e.id === draft.id)).toHaveLength(1);
    expect((await streamEvents()).filter((e) => e.id === draft.id)).toHaveLength(1);
    // The same id published by a raw client past the engine (say after the duplicate window) is merged by id too.
    const nc = await wsconnect({
      servers: server.wsUrl,
      user: USERS.ana.user,
      pass: USERS.ana.password,
      inboxPrefix: `_INBOX.${TEAM}.ana`,
    });
    const js = jetstream(nc);
    await js.publish(
      eventSubject(TEAM, null, 'ana', 'interaction'),
      encodeJson({ v: 1, user: 'ana', at: new Date().toISOString(), ...draft }),
      { msgID: 'different-msgid-0001' },
    );
    await nc.close();
    await waitFor('stream has two copies', async () => (await streamEvents()).filter((e) => e.id === draft.id).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect([...bStore.events.values()].filter((e) => e.id === draft.id)).toHaveLength(1);
  });

  it('conflict rule 3 — first response: the earliest wins, whichever lands last', async () => {
    const aStore = new MemoryTeamStore();
    const ben = track(await online(engineFor(server, 'ben').engine));
    // Ana answered first while offline; ben answers later but reaches the server first.
    const early = new Date(Date.now() - 60_000).toISOString();
    const late = new Date().toISOString();
    const offline = engineFor('ws://127.0.0.1:1', 'ana', aStore).engine;
    await offline.start();
    await offline.setState('x:9001', 'replied', early);
    await offline.stop();
    expect((await ben.setState('x:9001', 'replied', late)).outcome).toBe('won');
    expect(ben.item('x:9001').row?.value.firstResponseAt).toBe(late);
    const ana = track(await online(engineFor(server, 'ana', aStore).engine));
    await waitFor('earliest wins', () => ben.item('x:9001').row?.value.firstResponseAt === early);
    expect(ana.item('x:9001').row?.value.firstResponseAt).toBe(early);
    // And a later answer landing afterwards does not move it.
    await ben.setState('x:9001', 'closed', new Date().toISOString());
    await waitFor('closed', () => ana.item('x:9001').row?.value.state === 'closed');
    expect(ana.item('x:9001').row?.value.firstResponseAt).toBe(early);
  });

  it('catch-up after being offline: resumes from the last revision seen, without a full resync', async () => {
    const bStore = new MemoryTeamStore();
    const ben = await online(engineFor(server, 'ben', bStore).engine);
    const ana = track(await online(engineFor(server, 'ana').engine));
    await ben.stop();
    const cursorBefore = bStore.cursor;
    expect(cursorBefore).toBeGreaterThan(0);
    const t = new Date().toISOString();
    for (let i = 0; i < 60; i++) await ana.setState(`x:10${String(i).padStart(3, '0')}`, i % 2 ? 'replied' : 'escalated', t);
    await ana.claim('x:10000');
    // A full resync would drop this local-only row (it is not on the server); resuming from the cursor keeps it.
    bStore.items.set('x:local-marker', {
      itemKey: 'x:local-marker',
      revision: 1,
      value: applyChange(null, { kind: 'claim' }, { user: 'ben', name: 'Ben' }, 'LocalMarkerOp000000001', t),
    });
    const back = track(await online(engineFor(server, 'ben', bStore).engine));
    for (let i = 0; i < 60; i++)
      expect(back.item(`x:10${String(i).padStart(3, '0')}`).row?.value.state).toBe(i === 0 ? 'claimed' : i % 2 ? 'replied' : 'escalated');
    expect(bStore.items.has('x:local-marker')).toBe(true);
    expect(bStore.cursor).toBeGreaterThan(cursorBefore);
    await waitFor('events caught up', () => [...bStore.events.values()].filter((e) => e.itemKey?.startsWith('x:10')).length >= 61);
  });

  it('forget this customer: their events leave the stream, their items the bucket, for everyone', async () => {
    const { engine: ana } = engineFor(server, 'ana');
    track(await online(ana));
    const { engine: ben, store: bStore } = engineFor(server, 'ben');
    track(await online(ben));
    const cust = await customerToken(TEAM, 'x:janedoe');
    const other = await customerToken(TEAM, 'x:someoneelse');
    await ana.claim('x:11001', { customer: cust });
    await ana.setState('x:11001', 'replied', new Date().toISOString(), { customer: cust });
    await ana.claim('x:11002', { customer: other });
    await waitFor('ben has them', () => [...bStore.events.values()].filter((e) => e.itemKey?.startsWith('x:1100')).length === 3);
    expect((await streamEvents(`carebar.${TEAM}.ev.${cust}.>`)).length).toBe(2);
    await ana.forgetCustomer(cust, ['x:11001']);
    // Nothing about the customer is left but the forget itself (a tombstone telling the other machines).
    await waitFor(
      'gone from the stream',
      async () =>
        (await streamEvents(`carebar.${TEAM}.ev.${cust}.>`)).map((e) => `${e.subject.split('.')[4]} ${e.kind} ${e.itemKey}`).join() ===
        'ana forget null',
    );
    await waitFor('ben drops the item', () => ben.item('x:11001').row === null);
    expect((await streamEvents(`carebar.${TEAM}.ev.${other}.>`)).length).toBe(1);
    expect(ben.item('x:11002').row?.value.holder).toBe('ana');
  });

  it('permissions: an agent can neither publish as someone else nor touch another team', async () => {
    const nc = await wsconnect({
      servers: server.wsUrl,
      user: USERS.ana.user,
      pass: USERS.ana.password,
      inboxPrefix: `_INBOX.${TEAM}.ana`,
    });
    const js = jetstream(nc, { timeout: 2000 });
    const ev = { v: 1, id: 'Impersonation000000001', kind: 'claim', itemKey: 'x:1', at: new Date().toISOString(), user: 'ben' };
    await expect(js.publish(eventSubject(TEAM, null, 'ben', 'claim'), encodeJson(ev))).rejects.toThrow();
    const other = await new Kvm(js).open('carebar-otherteam', { bindOnly: true });
    await expect(other.put('i.x=3a1', encodeJson({}))).rejects.toThrow();
    await nc.close().catch(() => {});
  });

  it('wrong password: a clear error status; server down at start: offline, then connected when it comes up', async () => {
    const bad = track(engineFor(server, 'ana', new MemoryTeamStore(), { password: 'wrong' }).engine);
    await bad.start();
    const s = await waitStatus(bad, 'error');
    expect(s.error).toMatch(/refused/);
    const later = await NatsServer.start();
    await later.stop();
    const eng = track(engineFor(later, 'ana').engine);
    await eng.start();
    await waitStatus(eng, 'offline', 15_000);
    await later.boot();
    // Connected, but its bucket and stream do not exist and an agent may not create them: the status says what an
    // admin runs.
    await waitFor('setup hint', () => eng.status().setupHint, 25_000);
    expect(eng.status()).toMatchObject({ state: 'error' });
    expect(eng.status().setupHint).toMatch(/npm run team -- init/);
    await eng.stop();
    // A supervisor may create them.
    const sup = track(engineFor(later, 'sam').engine);
    await online(sup);
    expect(sup.status().setupHint).toBeNull();
    await sup.stop();
    await later.dispose();
  });
});
