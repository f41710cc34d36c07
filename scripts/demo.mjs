// `npm run demo`: Carebar on its embedded defaults. Opens Chromium with the built extension on the replica X and
// Facebook pages (the real URLs, routed to local pages). With a display it stays open for you to click around;
// without one (or with --headless) it writes a screenshot of each page with the overlay and prints the paths.
// `npm run demo -- --firefox`: the same in Firefox (ESR) with the firefox-mv3 build (scripts/demo-firefox.mjs).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchWithExtension } from './launch-extension.mjs';
import { DEMO_PAGES, seedDemo } from './demo-pages.mjs';

// A little activity so the screenshots show states and the customer card, not only fresh items.
const ACTS = {
  'x-home': async (page) => {
    const first = page.locator('[data-testid="carebar-toolbar"]').nth(1);
    await first.getByTestId('carebar-claim').click();
  },
  'x-status': async (page) => {
    await page.locator('[data-testid="carebar-toolbar"]').first().getByTestId('carebar-customer').click();
  },
};

const headless = process.argv.includes('--headless') || !process.env.DISPLAY || Boolean(process.env.CI);
const outDir = path.resolve('demo-screenshots');
if (process.argv.includes('--firefox')) {
  const { runFirefoxDemo } = await import('./demo-firefox.mjs');
  await runFirefoxDemo({ headless, outDir });
  process.exit(0);
}

const { context, extensionId, close } = await launchWithExtension({ headless, keepSetupPage: !headless });
try {
  const optionsPage = await seedDemo(context, extensionId);
  const pages = [];
  for (const demo of DEMO_PAGES) {
    const page = await context.newPage();
    await page.goto(demo.url);
    await page
      .locator('[data-testid="carebar-toolbar"]')
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(() => console.warn(`No Carebar toolbar appeared on ${demo.url}`));
    await ACTS[demo.name]?.(page).catch((err) => console.warn(`Demo step on ${demo.name} failed: ${err.message}`));
    pages.push({ demo, page });
  }
  // Carebar's own pages: the queue (side panel), settings and reports.
  for (const name of ['sidepanel', 'reports']) {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${name}.html`);
    pages.push({ demo: { name: `carebar-${name}` }, page });
  }
  pages.push({ demo: { name: 'carebar-options' }, page: optionsPage });
  if (headless) {
    await mkdir(outDir, { recursive: true });
    for (const { demo, page } of pages) {
      const file = path.join(outDir, `${demo.name}.png`);
      await page.bringToFront();
      await page.waitForTimeout(300);
      await page.screenshot({ path: file, fullPage: false });
      console.log(file);
    }
    console.log(`Screenshots of each replica page with the Carebar overlay are in ${outDir}`);
  } else {
    console.log('Chromium is open with Carebar on the replica pages. Close the browser window to end the demo.');
    await new Promise((resolve) => context.on('close', resolve));
  }
} finally {
  await close().catch(() => {});
}
