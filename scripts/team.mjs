#!/usr/bin/env node
// `npm run team -- <command>`: set up a Carebar team on a NATS JetStream server (see docs/team.md).
//   init    creates the team's KV bucket, events stream and settings key (nothing existing is changed)
//           --team demo --server nats://127.0.0.1:4222 --user admin --password … [--replicas 3] [--retention-days 90]
//           [--stale-minutes 10] [--beat-seconds 5]
//   set     writes the team's settings key (stale-claim time, presence beat): same options as init
//   config  prints a nats-server configuration: --team demo --user ana:secret:agent --user sam:secret:supervisor
//           [--admin admin:secret] [--listen 127.0.0.1:4222] [--websocket 127.0.0.1:4223] [--store ./data]
//           [--origin chrome-extension://<id>] [--cluster 3] (prints one file per node, separated by "# ---- node-N.conf")
// Credentials may also come from CAREBAR_TEAM_USER / CAREBAR_TEAM_PASSWORD and the server from NATS_URL.
import { loadTeam } from './load-team.mjs';

function parseArgs(argv) {
  const args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      args._.push(a);
      continue;
    }
    const [k, inline] = a.slice(2).split('=', 2);
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    (args[k] ??= []).push(v);
  }
  return args;
}

const one = (args, k, fallback) => args[k]?.at(-1) ?? fallback;

async function connectAdmin(team, args) {
  const server = one(args, 'server', process.env.NATS_URL ?? 'nats://127.0.0.1:4222');
  const user = one(args, 'user', process.env.CAREBAR_TEAM_USER ?? 'admin');
  const pass = one(args, 'password', process.env.CAREBAR_TEAM_PASSWORD);
  if (!pass) throw new Error('no password: --password or CAREBAR_TEAM_PASSWORD');
  return team.connectTcp({ servers: server, user, pass, timeout: 5000 });
}

function teamConfigFrom(team, args) {
  return {
    v: 1,
    staleAfterMs: Number(one(args, 'stale-minutes', team.DEFAULT_TEAM_CONFIG.staleAfterMs / 60_000)) * 60_000,
    beatMs: Number(one(args, 'beat-seconds', team.DEFAULT_TEAM_CONFIG.beatMs / 1000)) * 1000,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const command = args._[0];
  const team = await loadTeam();
  const teamName = one(args, 'team', 'demo');
  if (command === 'init') {
    const nc = await connectAdmin(team, args);
    try {
      const r = await team.ensureTeam(nc, teamName, true, {
        replicas: Number(one(args, 'replicas', 1)),
        retentionDays: Number(one(args, 'retention-days', team.DEFAULT_RETENTION_DAYS)),
        config: teamConfigFrom(team, args),
      });
      console.log(
        r.created.length
          ? `created ${r.created.join(', ')}`
          : `team ${teamName}: bucket ${r.names.bucket} and stream ${r.names.eventStream} already exist`,
      );
    } finally {
      await nc.close();
    }
  } else if (command === 'set') {
    const nc = await connectAdmin(team, args);
    try {
      const rev = await team.writeTeamConfig(nc, teamName, teamConfigFrom(team, args));
      console.log(`team ${teamName}: settings written (revision ${rev})`);
    } finally {
      await nc.close();
    }
  } else if (command === 'config') {
    const users = (args.user ?? []).map((s) => {
      const [user, password, role = 'agent'] = s.split(':');
      if (!password || !['agent', 'supervisor'].includes(role)) throw new Error(`--user ${s}: use name:password[:agent|supervisor]`);
      return { user, password, role };
    });
    const [adminUser, adminPassword] = one(args, 'admin', 'admin:change-me').split(':');
    const spec = {
      teams: [{ team: teamName, users }],
      admin: { user: adminUser, password: adminPassword },
      allowedOrigins: args.origin ?? [],
    };
    const n = Number(one(args, 'cluster', 0));
    if (!n) {
      process.stdout.write(
        team.serverConfig({
          ...spec,
          listen: one(args, 'listen', '127.0.0.1:4222'),
          websocket: one(args, 'websocket', '127.0.0.1:4223'),
          storeDir: one(args, 'store', './data/jetstream'),
        }),
      );
    } else {
      const nodes = Array.from({ length: n }, (_, i) => ({
        name: `carebar-${i + 1}`,
        listen: `127.0.0.1:${4222 + i * 10}`,
        websocket: `127.0.0.1:${4223 + i * 10}`,
        cluster: `127.0.0.1:${6222 + i * 10}`,
        storeDir: `./data/node-${i + 1}`,
      }));
      for (let i = 0; i < n; i++) process.stdout.write(`# ---- node-${i + 1}.conf\n${team.clusterNodeConfig(spec, nodes, i)}\n`);
    }
  } else {
    console.error('usage: npm run team -- init|set|config [options] (see the top of scripts/team.mjs)');
    process.exit(2);
  }
}

main().catch((err) => {
  console.error(`team: ${err?.message ?? err}`);
  process.exit(1);
});
