// Finds a Chromium-family browser for the end-to-end tests and the demo. Playwright's own browser download is
// impossible on our machines, so we use the system's: CHROMIUM_PATH, Debian's chromium, or an installed Chrome.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_HINT =
  'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** @returns {string | null} */
export function findBrowser() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Flags for a quiet browser on a closed network: no background calls home, no first-run UI. */
export const BROWSER_ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findBrowser();
  if (!found) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  console.log(found);
}
