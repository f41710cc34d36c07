import { defineConfig } from '@playwright/test';
import { BROWSER_ARGS, findBrowser, INSTALL_HINT } from './scripts/find-browser.mjs';

const executablePath = findBrowser();
if (!executablePath) throw new Error(INSTALL_HINT);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Each test starts its own Chromium with the extension; two cores do not run two of those well.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    launchOptions: { executablePath, args: BROWSER_ARGS },
    trace: 'retain-on-failure',
  },
});
