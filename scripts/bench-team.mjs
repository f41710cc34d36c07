#!/usr/bin/env node
// `npm run bench:team` (node --experimental-websocket): the team sync engine against a real local nats-server, over
// WebSocket as the extension connects. Targets from issue 16:
//   - claim propagation agent → agent: p95 ≤ 200 ms on loopback
//   - joining with 10,000 items in the bucket: synced in ≤ 5 s
//   - 50 simulated agents (the same engine) in 2–4 Node processes making 10 claims/s for 60 s: 0 double claims, 0 lost
// Environment: BENCH_TEAM_AGENTS (50), BENCH_TEAM_PROCS (3), BENCH_TEAM_SECONDS (60), BENCH_TEAM_RATE (10 claims/s),
// BENCH_TEAM_ITEMS (10000), BENCH_TEAM_KEYS (hot keys the agents fight over, 100). Writes bench-results/team.json.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTeam } from './load-team.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEAM = 'bench';
const env = (k, d) => Number(process.env[k] ?? d);
const AGENTS = env('BENCH_TEAM_AGENTS', 50);
const PROCS = Math.min(4, Math.max(2, env('BENCH_TEAM_PROCS', 3)));
const SECONDS = env('BENCH_TEAM_SECONDS', 60);
const RATE = env('BENCH_TEAM_RATE', 10);
const ITEMS = env('BENCH_TEAM_ITEMS', 10_000);
const HOT_KEYS = env('BENCH_TEAM_KEYS', 100);
const password = (u) => `${u}-bench-password`;
const agentName = (i) => `agent${String(i).padStart(2, '0')}`;

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
const stage = (s) => console.error(`[bench-team ${((Date.now() - started) / 1000).toFixed(0)}s] ${s}`);

function engine(T, wsUrl, user, role = 'agent') {
  return new T.TeamEngine({
    servers: [wsUrl],
    team: TEAM,
    user,
    displayName: user,
    password: password(user),
    role,
    store: new T.MemoryTeamStore(),
    answerTimeoutMs: 30_000,
  });
}

async function online(e) {
  await e.start();
  await e.ready();
  return e;
}

// ---- child: a share of the simulated agents --------------------------------------------------------------------

async function child({ wsUrl, users, seconds, ratePerAgent, hotKeys }) {
  const T = await loadTeam('scripts/bench-team-entry.ts');
  const engines = await Promise.all(users.map((u) => online(engine(T, wsUrl, u))));
  process.send({ type: 'ready' });
  await new Promise((r) => process.once('message', r)); // go
  const log = []; // { user, key, kind, outcome, revision, opId, at }
  const until = Date.now() + seconds * 1000;
  let claims = 0;
  let pendings = 0;
  async function agent(e, user) {
    while (Date.now() < until) {
      // Poisson arrivals at ratePerAgent claims/s.
      await sleep(-Math.log(1 - Math.random()) * (1000 / ratePerAgent));
      if (Date.now() >= until) break;
      const key = `x:hot${Math.floor(Math.random() * hotKeys)}`;
      claims++;
      // Open loop: the next claim does not wait for this one's answer (the rate is the offered load).
      inflight.push(claimOnce(e, user, key));
    }
  }
  const inflight = [];
  async function claimOnce(e, user, key) {
    {
      const r = await e.claim(key);
      if (r.outcome === 'pending') pendings++;
      log.push({
        user,
        key,
        kind: 'claim',
        outcome: r.outcome,
        revision: r.outcome === 'won' ? (r.item?.revision ?? null) : null,
        at: Date.now(),
      });
      if (r.outcome !== 'won' || !r.item) return;
      // Hold it a little, then release or answer it.
      await sleep(200 + Math.random() * 1500);
      const answer = Math.random() < 0.5;
      const r2 = answer ? await e.setState(key, 'replied', new Date().toISOString()) : await e.release(key);
      log.push({
        user,
        key,
        kind: answer ? 'replied' : 'release',
        outcome: r2.outcome,
        revision: r2.outcome === 'won' ? (r2.item?.revision ?? null) : null,
        at: Date.now(),
      });
    }
  }
  await Promise.all(engines.map((e, i) => agent(e, users[i])));
  await Promise.all(inflight);
  await sleep(2500);
  // Everything queued must have left the outbox.
  const deadline = Date.now() + 30_000;
  while (engines.some((e) => e.status().pending > 0) && Date.now() < deadline) await sleep(100);
  const pendingLeft = engines.reduce((n, e) => n + e.status().pending, 0);
  const opIds = [];
  for (const e of engines) for (const [id] of e.opts.store.events) opIds.push(id);
  await Promise.all(engines.map((e) => e.stop()));
  process.send({ type: 'done', log, claims, pendings, pendingLeft });
}

// ---- parent ------------------------------------------------------------------------------------------------------

async function main() {
  const T = await loadTeam('scripts/bench-team-entry.ts');
  if (!T.natsServerPath()) {
    console.error('bench-team: SKIPPED — nats-server is not installed');
    return;
  }
  if (typeof WebSocket !== 'function') throw new Error('run with node --experimental-websocket (npm run bench:team)');
  const users = Array.from({ length: AGENTS }, (_, i) => ({ user: agentName(i + 1), password: password(agentName(i + 1)), role: 'agent' }));
  users.push({ user: 'ana', password: password('ana'), role: 'agent' }, { user: 'ben', password: password('ben'), role: 'agent' });
  const config = T.serverConfig({
    teams: [{ team: TEAM, users }],
    admin: { user: 'admin', password: password('admin') },
    listen: '127.0.0.1:4222',
    websocket: '127.0.0.1:4223',
    storeDir: './data',
  });
  const server = await T.NatsServer.start(config);
  const results = { when: new Date().toISOString(), nats: 'nats-server (Debian) over WebSocket, loopback' };
  try {
    const admin = await T.wsconnect({ servers: server.wsUrl, user: 'admin', pass: password('admin') });
    await T.ensureTeam(admin, TEAM, true);

    // 1. Claim propagation: ana claims, ben's engine sees it (watch → listener).
    stage('claim propagation');
    const ana = await online(engine(T, server.wsUrl, 'ana'));
    const ben = await online(engine(T, server.wsUrl, 'ben'));
    const seenAt = new Map();
    ben.subscribe({
      items: (changes) =>
        changes.forEach((c) => c.row?.value.holder === 'ana' && !seenAt.has(c.itemKey) && seenAt.set(c.itemKey, performance.now())),
    });
    const lat = [];
    for (let i = 0; i < 300; i++) {
      const key = `x:prop${i}`;
      const t0 = performance.now();
      const r = await ana.claim(key);
      if (r.outcome !== 'won') throw new Error(`propagation claim ${key}: ${r.outcome}`);
      while (!seenAt.has(key)) await sleep(1);
      lat.push(seenAt.get(key) - t0);
      await sleep(5);
    }
    results.propagation = {
      n: lat.length,
      p50: +percentile(lat, 50).toFixed(1),
      p95: +percentile(lat, 95).toFixed(1),
      max: +Math.max(...lat).toFixed(1),
      targetP95: 200,
    };
    await ana.stop();
    await ben.stop();

    const kv = await new T.Kvm(admin).open(T.teamNames(TEAM).bucket);

    // 2. 50 agents (before the join, so each simulated agent starts on a small bucket) in PROCS processes.
    stage(`${AGENTS} agents in ${PROCS} processes, ${RATE} claims/s for ${SECONDS} s`);
    const names = users.slice(0, AGENTS).map((u) => u.user);
    const shares = Array.from({ length: PROCS }, (_, p) => names.filter((_, i) => i % PROCS === p));
    const children = shares.map((share) => {
      const c = spawn(process.execPath, ['--experimental-websocket', fileURLToPath(import.meta.url), '--child'], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      c.send({ wsUrl: server.wsUrl, users: share, seconds: SECONDS, ratePerAgent: RATE / AGENTS, hotKeys: HOT_KEYS });
      return c;
    });
    const next = (c, type) =>
      new Promise((resolve, reject) => {
        c.on('message', (m) => m.type === type && resolve(m));
        c.once('exit', (code) => code && reject(new Error(`simulated agents exited with ${code}`)));
      });
    await Promise.all(children.map((c) => next(c, 'ready')));
    const dones = children.map((c) => next(c, 'done'));
    children.forEach((c) => c.send({ type: 'go' }));
    const reports = await Promise.all(dones);
    children.forEach((c) => c.disconnect());
    stage('checking');
    const log = reports.flatMap((r) => r.log);
    // Double claims: walk each key's successful writes in server revision order; a claim won while someone else holds
    // the key is a double claim.
    const writes = log.filter((e) => e.outcome === 'won' && e.revision !== null).sort((a, b) => a.revision - b.revision);
    const holder = new Map();
    let doubles = 0;
    for (const w of writes) {
      const h = holder.get(w.key) ?? null;
      if (w.kind === 'claim') {
        if (h && h !== w.user) doubles++;
        holder.set(w.key, w.user);
      } else if (h === w.user) holder.set(w.key, null);
    }
    // Lost changes: every change the engines reported done is on the server — the final value of each key is the
    // last write in revision order, and every successful write's revision is distinct.
    // (A claim of a key one already holds answers "won" with the existing revision: the same write, not a second.)
    const byRev = new Map();
    let lost = 0;
    for (const w of writes) {
      const had = byRev.get(w.revision);
      if (had && (had.key !== w.key || had.user !== w.user)) lost++;
      byRev.set(w.revision, w);
    }
    const lastByKey = new Map();
    for (const w of writes) lastByKey.set(w.key, w);
    for (const [key, w] of lastByKey) {
      const e = await kv.get(T.kvKeyForItem(key));
      if (!e || e.revision < w.revision) lost++;
    }
    const pendingLeft = reports.reduce((n, r) => n + r.pendingLeft, 0);
    lost += pendingLeft;
    const claims = reports.reduce((n, r) => n + r.claims, 0);
    results.agents = {
      agents: AGENTS,
      processes: PROCS,
      seconds: SECONDS,
      claimsAttempted: claims,
      claimsPerSecond: +(claims / SECONDS).toFixed(1),
      claimsWon: log.filter((e) => e.kind === 'claim' && e.outcome === 'won').length,
      claimsLost: log.filter((e) => e.kind === 'claim' && e.outcome === 'lost').length,
      releasesAndReplies: log.filter((e) => e.kind !== 'claim' && e.outcome === 'won').length,
      answeredPending: reports.reduce((n, r) => n + r.pendings, 0),
      doubleClaims: doubles,
      lostChanges: lost,
    };
    // 3. Join with 10,000 items.
    stage(`writing ${ITEMS} items`);
    const now = new Date().toISOString();
    for (let i = 0; i < ITEMS; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, ITEMS - i) }, (_, j) => {
          const n = i + j;
          const v = {
            v: 1,
            state: n % 3 ? 'claimed' : 'replied',
            holder: n % 3 ? 'ana' : null,
            holderName: n % 3 ? 'Ana' : null,
            claimedAt: n % 3 ? now : null,
            firstResponseAt: n % 3 ? null : now,
            updatedAt: now,
            updatedBy: 'ana',
            op: `seedop${String(n).padStart(8, '0')}`,
          };
          return kv.put(T.kvKeyForItem(`x:seed${n}`), new TextEncoder().encode(JSON.stringify(v)));
        }),
      );
    }
    stage('join');
    const joins = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const j = await online(engine(T, server.wsUrl, 'ben'));
      joins.push(performance.now() - t0);
      const have = j.allItems().filter((r) => r.itemKey.startsWith('x:seed')).length;
      await j.stop();
      if (have !== ITEMS) throw new Error(`join: ${have} of ${ITEMS} items`);
    }
    results.join = { items: ITEMS, runsMs: joins.map((x) => Math.round(x)), medianMs: Math.round(percentile(joins, 50)), targetMs: 5000 };

    await admin.close();
  } finally {
    await server.dispose();
  }
  console.log(JSON.stringify(results, null, 2));
  const ok =
    results.propagation.p95 <= 200 &&
    results.join.medianMs <= 5000 &&
    results.agents.doubleClaims === 0 &&
    results.agents.lostChanges === 0;
  console.log(ok ? 'bench-team: all targets met' : 'bench-team: TARGET MISSED');
  await mkdir(path.join(root, 'bench-results'), { recursive: true });
  await writeFile(path.join(root, 'bench-results/team.json'), JSON.stringify(results, null, 2));
}

if (process.argv.includes('--child')) {
  process.once('message', (m) =>
    child(m).catch((err) => {
      console.error(err);
      process.exit(1);
    }),
  );
} else {
  main().catch((err) => {
    console.error(`bench-team: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
