// `npm run demo`: Carebar on the replica X and Facebook pages, with a demo team's settings, customers and a week of
// history. Opens Chromium with the built extension at the real URLs (routed to local pages, dressed with times
// relative to now). With a display it stays open for you to click around; without one (or with --headless) it
// writes a screenshot of each page and prints what to look at in each.
// `npm run screenshots` (--pictures) also refreshes the README's pictures in docs/pictures/.
// `npm run demo -- --firefox`: the same in Firefox (ESR) with the firefox-mv3 build (scripts/demo-firefox.mjs).
// `npm run demo -- --team`: two agents (Ana, Ben) on one team through a local nats-server (scripts/demo-team.mjs).
// Each builds only the browser it opens (--no-build: use the build already there).
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchWithExtension } from './launch-extension.mjs';
import { DEMO_PAGES, seedDemo } from './demo-pages.mjs';
import { dressReplicas } from './demo-dressing.mjs';

const headless =
  process.argv.includes('--headless') || process.argv.includes('--pictures') || !process.env.DISPLAY || Boolean(process.env.CI);
const pictures = process.argv.includes('--pictures');
const outDir = path.resolve('demo-screenshots');
const picturesDir = path.resolve('docs/pictures');
const VIEWPORT = { width: 1280, height: 800 };
const PANEL = { width: 400, height: 800 };
const now = Date.now();
const firefox = process.argv.includes('--firefox');

if (!process.argv.includes('--no-build')) {
  const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
  run('npx', ['wxt', 'build', ...(firefox ? ['-b', 'firefox', '--mv3'] : [])]);
  run('node', ['scripts/build-fixtures.mjs']);
}
if (process.argv.includes('--team')) {
  const { runTeamDemo } = await import('./demo-team.mjs');
  await runTeamDemo({ headless });
  process.exit();
}
if (firefox) {
  const { runFirefoxDemo } = await import('./demo-firefox.mjs');
  await runFirefoxDemo({ headless, outDir });
  process.exit(0);
}

const toolbars = (page) => page.locator('[data-testid="carebar-toolbar"]');

/** Click a toolbar action: in the row when it shows there, otherwise from the "⋯" menu (carebar-more). */
async function clickAction(toolbar, testid) {
  const inRow = toolbar.getByTestId(testid);
  if (await inRow.isVisible()) return inRow.click();
  await toolbar.getByTestId('carebar-more').click();
  await toolbar.getByTestId(testid).click({ timeout: 5_000 });
}
const toolbarOf = (page, text) => page.locator('article', { hasText: text }).first().locator('[data-testid="carebar-toolbar"]');

/** Scroll an element to the top of the window below the site's sticky header, so nothing of it is cut. */
async function frame(page, locator, offset = 70) {
  await locator.evaluate((el, offset) => {
    const top = el.getBoundingClientRect().top + window.scrollY - offset;
    window.scrollTo({ top: Math.max(0, top), behavior: 'instant' });
  }, offset);
  await page.waitForTimeout(250);
}

/** A full-width picture from the top of the first element to the bottom of the last, however tall. */
async function shotOfPage(page, locators, file) {
  const boxes = [];
  for (const l of locators) {
    const b = await l
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
      })
      .catch(() => null);
    if (b) boxes.push(b);
  }
  if (!boxes.length) return page.screenshot({ path: file });
  const top = Math.max(0, Math.min(...boxes.map((b) => b.top)) - 64);
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + 16;
  return page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: top, width: VIEWPORT.width, height: Math.max(VIEWPORT.height, bottom - top) },
  });
}

/** A screenshot of the region around some elements (their union, padded), clipped to the page. */
async function shotAround(page, locators, file, pad = 12) {
  const boxes = [];
  for (const l of locators) {
    const b = await l.boundingBox({ timeout: 5_000 }).catch(() => null);
    if (b) boxes.push(b);
  }
  if (!boxes.length) return page.screenshot({ path: file });
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + pad;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + pad;
  return page.screenshot({ path: file, clip: { x, y, width: Math.min(right, VIEWPORT.width) - x, height: bottom - y } });
}

// What each screenshot shows, for the guide printed at the end.
const GUIDE = {
  'carebar-setup': 'First run: name, initials and brand accounts on one card; the service levels in force are shown, not asked.',
  'x-home':
    'Every customer post gets a toolbar: wait against the X service level (on time, due, breached), its state, the customer’s tier; Maya’s post is claimed. Non-customer posts get none.',
  'x-status':
    'A post page: the brand’s reply in the thread marked Sam’s complaint replied at the reply’s time; the customer card shows who Sam is (CRM tier, orders, our history).',
  'x-palette':
    'The snippet palette next to X’s reply box: fuzzy search, preview filled with the customer’s first name, Enter inserts into X’s own editor.',
  'x-notifications': 'Mentions: a thank-you ignored, another marked replied by hand (each with undo in the toolbar).',
  'x-search': 'Search results: the same items, the same states, wherever they show up.',
  'x-profile-dm':
    '“Move to DM” on an X post: the customer’s profile opens (X shows no numeric id to start a DM from); the opener is copied.',
  'facebook-page-post':
    'A Facebook Page post with comments: every customer comment gets a toolbar; the Page’s own replies count as answers.',
  'facebook-group-post': 'A group post: comments addressed to the Page are items, other chatter is not.',
  'facebook-feed': 'The Facebook feed: posts on the Page are items; friends’ posts are left alone.',
  'facebook-photo-viewer': 'Facebook’s photo viewer: the comments beside the photo are items like any other comment.',
  'carebar-queue':
    'The queue (side panel, 400 px): most urgent first, breached and due counts, tier, channel, claim / replied / ignore per row and in bulk, filters, j/k keys.',
  'carebar-reports':
    'Reports over the last 7 days: SLA met counting unanswered breached items as misses, response time median and p90 per day, per channel and per agent.',
  'carebar-options': 'Settings: one page with a side navigation; each section saves on its own, with times in minutes, hours or days.',
};

const { context, extensionId, close } = await launchWithExtension({ headless, viewport: VIEWPORT });
const shots = [];
try {
  await dressReplicas(context, now);
  // A fresh install shows the first-run setup: keep a picture of it before the demo team is set up.
  const setupPage = await context.newPage();
  await setupPage.goto(`chrome-extension://${extensionId}/options.html`);
  await setupPage
    .getByTestId('carebar-setup')
    .waitFor({ timeout: 10_000 })
    .catch(() => {});
  shots.push({ name: 'carebar-setup', page: setupPage, take: (file) => setupPage.screenshot({ path: file }) });
  if (headless) await snap(shots.filter((s) => !s.file));

  const optionsPage = await seedDemo(context, extensionId, now);
  const pages = [];
  for (const demo of DEMO_PAGES) {
    const page = await context.newPage();
    await page.goto(demo.url);
    await toolbars(page)
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(() => console.warn(`No Carebar toolbar appeared on ${demo.url}`));
    pages.push({ name: demo.name, page });
  }
  const byName = Object.fromEntries(pages.map((p) => [p.name, p.page]));
  byName.api = (type, payload) =>
    optionsPage.evaluate(([type, payload]) => chrome.runtime.sendMessage({ carebar: 1, type, payload }), [type, payload]);
  await act(byName);

  // Carebar's own pages: the queue as the side panel shows it, reports and settings at 1280 × 800.
  const queue = await context.newPage();
  await queue.setViewportSize(PANEL);
  await queue.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await queue
    .getByTestId('carebar-queue-item')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => {});
  const reports = await context.newPage();
  await reports.goto(`chrome-extension://${extensionId}/reports.html`);
  await reports
    .getByTestId('carebar-report-sla')
    .waitFor({ timeout: 10_000 })
    .catch(() => {});
  await optionsPage.reload();
  await optionsPage
    .getByTestId('carebar-options-you')
    .waitFor({ timeout: 10_000 })
    .catch(() => {});

  for (const { name, page } of pages)
    if (!shots.some((s) => s.name === name)) shots.push({ name, page, take: (file) => page.screenshot({ path: file }) });
  shots.push({ name: 'carebar-queue', page: queue, take: (file) => queue.screenshot({ path: file }) });
  shots.push({ name: 'carebar-reports', page: reports, take: (file) => reports.screenshot({ path: file }) });
  shots.push({ name: 'carebar-options', page: optionsPage, take: (file) => optionsPage.screenshot({ path: file }) });

  if (headless) {
    await snap(shots.filter((s) => !s.file));
    if (pictures) await readmePictures(byName, queue, reports);
    printGuide();
  } else {
    printGuide();
    console.log('\nChromium is open with Carebar on the replica pages. Close the browser window to end the demo.');
    await new Promise((resolve) => context.on('close', resolve));
  }
} finally {
  await close().catch(() => {});
}

/** A little of a day's work, so the pages show states, the card and the palette, not only fresh items. */
async function act(p) {
  // Each step on its own: one that fails says so and the others still run.
  const step = async (name, work) => {
    try {
      await work();
    } catch (err) {
      console.warn(`Demo step "${name}" failed: ${err.message.split('\n')[0]}`);
    }
  };
  await step('triage praise', async () => {
    // The morning's first triage: praise needs no reply (as the queue's Ignore would do it).
    const { data } = await p.api('items.queue', {});
    for (const item of data?.items ?? [])
      if (/Great news, finally a UK warehouse|Shoutout to @AcmeSupport/.test(item.excerpt))
        await p.api('items.setState', { key: item.key, to: 'ignored' });
  });
  const home = p['x-home'];
  if (home)
    await step('claim on the home timeline', async () => {
      await clickAction(toolbarOf(home, 'stand mixer'), 'carebar-claim');
      // From the first post with a toolbar (Sam's) to Maya's claimed one below it, under X's sticky tab strip.
      await frame(
        home,
        home
          .locator('article')
          .filter({ has: home.getByTestId('carebar-toolbar') })
          .first(),
        62,
      );
      shots.push({ name: 'x-home', page: home, take: (file) => home.screenshot({ path: file }) });
    });
  const mentions = p['x-notifications'];
  if (mentions)
    await step('mentions', async () => {
      // A thank-you ignored and a question marked replied by hand (as the toolbar's menu would).
      for (const [text, to] of [
        ['thanks for the quick help', 'ignored'],
        ['Black Friday sale', 'replied'],
      ]) {
        const key = await toolbarOf(mentions, text)
          .getAttribute('data-carebar-id', { timeout: 10_000 })
          .catch(() => null);
        if (key) await p.api('items.setState', { key, to });
      }
    });
  const status = p['x-status'];
  if (status) {
    await step('customer card', async () => {
      const first = toolbars(status).first();
      await first.getByTestId('carebar-customer').click();
      const card = status.locator('[data-testid="carebar-customer-frame"]').first();
      await card.waitFor({ timeout: 10_000 });
      // The frame sizes itself to the card once the card has loaded: wait for that, then take the post and the card.
      await first
        .frameLocator('[data-testid="carebar-customer-frame"]')
        .getByTestId('carebar-customer-forget')
        .waitFor({ timeout: 10_000 });
      await status.waitForTimeout(800);
      const article = status.locator('article').first();
      shots.push({ name: 'x-status', page: status, take: (file) => shotOfPage(status, [article, card], file) });
    });
    await step('snippet palette', async () => {
      // The palette, on its own page so the card stays in the picture above.
      const palettePage = await context.newPage();
      await palettePage.goto(status.url());
      const tb = toolbars(palettePage).first();
      await tb.waitFor({ timeout: 20_000 });
      await tb.getByTestId('carebar-snippets').click();
      await palettePage
        .getByTestId('carebar-snippet-option')
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => {});
      await palettePage.waitForTimeout(400);
      await frame(palettePage, palettePage.locator('article').first());
      shots.push({ name: 'x-palette', page: palettePage, take: (file) => palettePage.screenshot({ path: file }) });
      p['x-palette'] = palettePage;
    });
  }
  const search = p['x-search'];
  if (search)
    await step('move to DM', async () => {
      // Move to DM (in the ⋯ menu): X's page shows no numeric id for Kim, so her profile opens in a new tab, where
      // X's Message button starts the DM; the opener is copied for pasting there.
      const opened = context.waitForEvent('page', { timeout: 10_000 });
      await clickAction(toolbarOf(search, 'app crashes'), 'carebar-move-dm');
      const profile = await opened;
      await profile.waitForLoadState();
      shots.push({ name: 'x-profile-dm', page: profile, take: (file) => profile.screenshot({ path: file }) });
    });
  const fb = p['facebook-page-post'];
  if (fb)
    await step('claim on Facebook', async () => {
      await clickAction(toolbars(fb).nth(1), 'carebar-claim');
      await frame(fb, toolbars(fb).first(), 160);
    });
}

async function snap(list) {
  await mkdir(outDir, { recursive: true });
  for (const s of list) {
    s.file = path.join(outDir, `${s.name}.png`);
    await s.page.bringToFront();
    await s.page.waitForTimeout(300);
    await s.take(s.file);
  }
}

/** The README's pictures: tight crops of the toolbar, the card and the palette, the queue and the reports. */
async function readmePictures(p, queue, reports) {
  await mkdir(picturesDir, { recursive: true });
  const out = (name) => path.join(picturesDir, `${name}.png`);
  const home = p['x-home'];
  if (home) {
    await home.bringToFront();
    const post = home.locator('article', { hasText: 'stand mixer' }).first();
    await frame(home, post);
    await shotAround(home, [post], out('toolbar'));
  }
  const status = p['x-status'];
  if (status) {
    await status.bringToFront();
    const article = status.locator('article').first();
    await shotAround(status, [article, status.locator('[data-testid="carebar-customer-frame"]').first()], out('card'));
  }
  const palette = p['x-palette'];
  if (palette) {
    await palette.bringToFront();
    await shotAround(palette, [palette.locator('article').first(), palette.getByTestId('carebar-snippet-palette')], out('palette'));
  }
  await queue.bringToFront();
  await queue.screenshot({ path: out('queue') });
  await reports.bringToFront();
  await reports.screenshot({ path: out('reports') });
  console.log(`README pictures updated in ${picturesDir}`);
}

function printGuide() {
  console.log('\nWhat to look at');
  for (const s of shots) {
    console.log(`\n• ${s.name}${s.file ? `  (${path.relative(process.cwd(), s.file)})` : ''}`);
    if (GUIDE[s.name]) console.log(`  ${GUIDE[s.name]}`);
  }
  console.log(
    '\nAlso try: j / k to move between posts and c r e i u on the focused one; ? lists the keys. Alt+Shift+Q opens the queue, Alt+Shift+S the snippets in a reply box.',
  );
  console.log('Two agents on one team (a local nats-server): npm run demo -- --team.');
}
