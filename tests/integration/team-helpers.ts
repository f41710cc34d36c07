import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { ensureTeam } from '../../lib/background/team/admin';
import { TeamEngine, type TeamEngineOptions, type TeamStatus } from '../../lib/background/team/engine';
import { MemoryTeamStore } from './memory-store';
import { USERS, type NatsServer } from './nats-server';

export const TEAM = 'demo';

/** The team admin over the same WebSocket listener (creates the bucket and stream as `npm run team -- init` does). */
export async function adminConnect(server: NatsServer): Promise<NatsConnection> {
  return wsconnect({ servers: server.wsUrl, user: USERS.admin.user, pass: USERS.admin.password, timeout: 5000 });
}

export async function initTeam(server: NatsServer, setup: Parameters<typeof ensureTeam>[3] = {}): Promise<void> {
  const nc = await adminConnect(server);
  await ensureTeam(nc, TEAM, true, setup);
  await nc.close();
}

export function engineFor(
  server: NatsServer | string,
  who: 'ana' | 'ben' | 'sam',
  store = new MemoryTeamStore(),
  extra: Partial<TeamEngineOptions> = {},
): { engine: TeamEngine; store: MemoryTeamStore } {
  const u = USERS[who];
  const engine = new TeamEngine({
    servers: [typeof server === 'string' ? server : server.wsUrl],
    team: TEAM,
    user: u.user,
    displayName: who[0].toUpperCase() + who.slice(1),
    password: u.password,
    role: u.role,
    store,
    offlineAfterMs: 3000,
    requestTimeoutMs: 3000,
    ...extra,
  });
  return { engine, store };
}

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 10): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function waitStatus(engine: TeamEngine, state: TeamStatus['state'], timeoutMs = 15_000): Promise<TeamStatus> {
  return waitFor(
    `status ${state} (now ${engine.status().state}: ${engine.status().error})`,
    () => (engine.status().state === state ? engine.status() : null),
    timeoutMs,
  );
}

/** Started, connected and caught up. */
export async function online(engine: TeamEngine): Promise<TeamEngine> {
  await engine.start();
  await waitStatus(engine, 'connected');
  await engine.ready();
  return engine;
}
