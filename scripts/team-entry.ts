// What the Node scripts (scripts/team.mjs, scripts/bench-team.mjs) use of team mode, bundled by scripts/load-team.mjs.
// The engine is the extension's own; `connectTcp` is for admin commands only (the extension speaks WebSocket).
export { TeamEngine } from '../lib/background/team/engine';
export { ensureTeam, writeTeamConfig, DEFAULT_RETENTION_DAYS } from '../lib/background/team/admin';
export { serverConfig, clusterNodeConfig, userPermissions } from '../lib/shared/team/server-config';
export { teamNames, kvKeyForItem, customerToken } from '../lib/shared/team/names';
export { DEFAULT_TEAM_CONFIG } from '../lib/shared/team/values';
export { wsconnect } from '@nats-io/nats-core';
export { connect as connectTcp } from '@nats-io/transport-node';
