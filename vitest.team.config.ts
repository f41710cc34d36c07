import { defineConfig } from 'vitest/config';

// `npm run test:team`: the team sync engine against a real nats-server (tests/integration). Separate from the unit
// tests because each file starts a server; one file at a time (two cores, and the timings matter).
export default defineConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Node 20 has WebSocket behind this flag (Node 22 has it on by default): the engine's shipping transport, wsconnect.
    execArgv: ['--experimental-websocket'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
