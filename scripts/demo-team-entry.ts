// What `npm run demo -- --team` (scripts/demo-team.mjs) uses, bundled by scripts/load-team.mjs: the tests' own way
// of starting nats-server with team/nats-server.conf on free loopback ports, and the team's setup as `npm run team`.
export { NatsServer, natsServerPath, USERS } from '../tests/integration/nats-server';
export { ensureTeam } from '../lib/background/team/admin';
export { connect as connectTcp } from '@nats-io/transport-node';
