import { defineConfig } from 'vitest/config';

// The Firefox end-to-end suite (`npm run test:firefox`): the built .output/firefox-mv3 in Firefox ESR, driven by
// puppeteer-core over WebDriver BiDi (scripts/launch-firefox.mjs). One Firefox per file, one file at a time.
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // Node 20 has WebSocket behind this flag: tests/firefox/team.test.ts runs a second agent's sync engine in Node.
    execArgv: ['--experimental-websocket'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: process.env.CI ? 1 : 0,
  },
});
