import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { teamNames } from '../../lib/shared/team/names';
import type { TeamEngine } from '../../lib/background/team/engine';
import { MemoryTeamStore } from './memory-store';
import { NatsServer, natsServerPath } from './nats-server';
import { adminConnect, engineFor, initTeam, online, TEAM, waitFor } from './team-helpers';

// Issue 16 on nats-server 2.9: an ephemeral consumer stays on the server for 5 minutes after its client is gone, and
// Chrome stops an MV3 service worker without warning — each restart used to leave the KV watch's and the event
// stream's consumers behind. The engine remembers its consumers (in the agent's store) and deletes them on the next
// start, and deletes its own on a clean stop. Its own server: the counts are of every consumer on the streams.

const haveNats = natsServerPath() !== null;

describe.skipIf(!haveNats)('JetStream consumers across service-worker restarts', () => {
  let server: NatsServer;
  let admin: NatsConnection;
  const names = teamNames(TEAM);
  const count = async () => {
    const jsm = await jetstreamManager(admin);
    const [kv, ev] = await Promise.all([jsm.streams.info(names.bucketStream), jsm.streams.info(names.eventStream)]);
    return kv.state.consumer_count + ev.state.consumer_count;
  };
  /** What a stopped service worker does: the socket goes, nothing is cleaned up. */
  const kill = async (engine: TeamEngine) => {
    const internals = engine as unknown as {
      conn: { stop(): Promise<void> };
      gen: number;
      sweepTimer: ReturnType<typeof setInterval>;
      beatTimer: ReturnType<typeof setInterval>;
    };
    internals.gen++;
    clearInterval(internals.sweepTimer);
    clearInterval(internals.beatTimer);
    await internals.conn.stop();
  };

  beforeAll(async () => {
    server = await NatsServer.start();
    await initTeam(server, { config: { v: 1, staleAfterMs: 5000, beatMs: 1000 } });
    admin = await adminConnect(server);
  });
  afterAll(async () => {
    await admin?.close();
    await server?.dispose();
  });

  it('five restarts of the same agent leave only the running session’s two consumers; a clean stop leaves none', async () => {
    const store = new MemoryTeamStore();
    expect(await count()).toBe(0);
    let engine = await online(engineFor(server, 'ana', store).engine);
    await waitFor('two consumers (KV watch, events)', async () => (await count()) === 2);
    expect(store.consumerRefs.map((c) => c.stream).sort()).toEqual([names.bucketStream, names.eventStream].sort());
    for (let i = 0; i < 5; i++) {
      expect((await engine.claim(`x:88${i}`)).outcome).toBe('won');
      await kill(engine);
      expect(await count()).toBe(2); // left behind, as by a stopped service worker
      engine = await online(engineFor(server, 'ana', store).engine);
      await waitFor(`restart ${i + 1}: still two`, async () => (await count()) === 2, 5000);
      expect(engine.item(`x:88${i}`).row?.value.holder).toBe('ana');
    }
    await engine.stop();
    expect(await count()).toBe(0);
    expect(store.consumerRefs).toEqual([]);
  });
});
