// scripts/bench-team.mjs: the team-mode modules plus the integration tests' server harness and storage test double
// (the benchmark measures the engine and NATS, not IndexedDB).
export * from './team-entry';
export { NatsServer, natsServerPath, freePort } from '../tests/integration/nats-server';
export { MemoryTeamStore } from '../tests/integration/memory-store';
export { jetstreamManager } from '@nats-io/jetstream';
export { Kvm } from '@nats-io/kv';
