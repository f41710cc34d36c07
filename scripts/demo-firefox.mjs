// `npm run demo -- --firefox`: Carebar's firefox-mv3 build in Firefox (ESR) on the replica X and Facebook pages,
// seeded like the Chromium demo (scripts/demo.mjs). Headless (no display, CI or --headless): a screenshot of each
// page with the overlay, and of the queue, reports and options pages, under demo-screenshots/firefox-*.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchFirefoxWithExtension } from './launch-firefox.mjs';
import { DEMO_PAGES, DEMO_SETTINGS, demoCustomerRows } from './demo-pages.mjs';

export async function runFirefoxDemo({ headless, outDir }) {
  const ff = await launchFirefoxWithExtension({ headless });
  try {
    const options = await ff.openExtensionPage('options.html');
    const seeded = await ff.callApi(options, 'settings.update', { settings: DEMO_SETTINGS });
    if (!seeded?.ok) throw new Error(`Could not seed the demo settings: ${JSON.stringify(seeded)}`);
    const crm = await ff.callApi(options, 'crm.importRows', { rows: demoCustomerRows() });
    if (!crm?.ok) throw new Error(`Could not seed the demo customers: ${JSON.stringify(crm)}`);
    await options.reload().catch(() => {});
    const shots = [];
    for (const demo of DEMO_PAGES) {
      const page = await ff.newPage();
      await page.goto(demo.url);
      await page
        .waitForSelector('[data-testid="carebar-toolbar"]', { timeout: 20_000 })
        .catch(() => console.warn(`No Carebar toolbar appeared on ${demo.url}`));
      shots.push({ name: `firefox-${demo.name}`, page });
    }
    for (const name of ['sidepanel', 'reports'])
      shots.push({ name: `firefox-carebar-${name}`, page: await ff.openExtensionPage(`${name}.html`) });
    shots.push({ name: 'firefox-carebar-options', page: options });
    if (!headless) {
      console.log('Firefox is open with Carebar on the replica pages. Close the browser window to end the demo.');
      await new Promise((resolve) => ff.browser.on('disconnected', resolve));
      return;
    }
    await mkdir(outDir, { recursive: true });
    for (const { name, page } of shots) {
      const file = path.join(outDir, `${name}.png`);
      await page.bringToFront();
      await new Promise((r) => setTimeout(r, 300)); // the front tab renders
      await page.screenshot({ path: file });
      console.log(file);
    }
    console.log(`Screenshots of each replica page with the Carebar overlay in Firefox are in ${outDir}`);
  } finally {
    await ff.close().catch(() => {});
  }
}
