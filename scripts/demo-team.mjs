// `npm run demo -- --team`: two agents, Ana and Ben, each in their own Chromium profile with Carebar, on one team
// through a real nats-server started here with the repository's configuration (team/nats-server.conf, its demo users,
// on free loopback ports). Both open the X replica's search page; Ana claims Kim's post and Ben's toolbar shows
// "claimed by Ana". Writes docs/team-two-agents.png (both windows side by side) and prints what to look at. Headless
// like the demo (CI, --headless or no display); with a display both windows stay open until you close them.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchWithExtension } from './launch-extension.mjs';
import { dressReplicas } from './demo-dressing.mjs';
import { seedDemo } from './demo-pages.mjs';
import { loadTeam } from './load-team.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const SEARCH = 'https://x.com/search?q=%40AcmeSupport&src=typed_query';
const AGENTS = [
  { user: 'ana', name: 'Ana', fullName: 'Ana Costa', initials: 'AC' },
  { user: 'ben', name: 'Ben', fullName: 'Ben Okoro', initials: 'BO' },
];
const out = path.resolve('docs/team-two-agents.png');

const toolbarOf = (page, text) => page.locator('article', { hasText: text }).first().locator('[data-testid="carebar-toolbar"]');

/** One agent: a browser profile seeded like the demo, joined to the team through the options page's Team section. */
async function startAgent(agent, server, users, headless, now) {
  const launched = await launchWithExtension({ headless, viewport: VIEWPORT });
  await dressReplicas(launched.context, now);
  const options = await seedDemo(launched.context, launched.extensionId);
  const reply = await options.evaluate(
    (settings) => chrome.runtime.sendMessage({ carebar: 1, type: 'settings.update', payload: { settings } }),
    { agentName: agent.fullName, agentInitials: agent.initials },
  );
  if (!reply?.ok) throw new Error(`Could not name ${agent.name}: ${JSON.stringify(reply)}`);
  await options.reload();
  await options.getByTestId('carebar-team-url').fill(server.wsUrl);
  await options.getByTestId('carebar-team-name').fill('demo');
  await options.getByTestId('carebar-team-user').fill(users[agent.user].user);
  await options.getByTestId('carebar-team-password').fill(users[agent.user].password);
  await options.locator('input[name="team-display-name"]').fill(agent.name);
  await options.getByTestId('carebar-team-save').click();
  await options.getByTestId('carebar-team-status').and(options.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });
  const tab = await launched.context.newPage();
  await tab.goto(SEARCH);
  return { ...agent, ...launched, options, tab };
}

/** The two windows side by side in one picture, each cropped to the posts around the claimed one. */
async function sideBySide(ana, ben, text) {
  const crop = async (agent) => {
    // The claimed post whole, from its top edge to its toolbar, in the middle of the window.
    const article = agent.tab.locator('article', { hasText: text }).first();
    await article.evaluate((el) => window.scrollBy({ top: el.getBoundingClientRect().top - 200, behavior: 'instant' }));
    await agent.tab.mouse.move(0, 0); // no tooltip left over from the click
    await agent.tab.waitForTimeout(400);
    const box = await article.boundingBox();
    return (await agent.tab.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: box.height } })).toString('base64');
  };
  const [a, b] = [await crop(ana), await crop(ben)];
  const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const panel = (title, note, png) =>
    `<figure><figcaption><b>${esc(title)}</b> · ${esc(note)}</figcaption><img src="data:image/png;base64,${png}"></figure>`;
  const page = await ana.context.newPage();
  await page.setViewportSize({ width: 1280, height: 400 });
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; padding: 16px; display: flex; gap: 16px; background: #eef1f4; font: 14px/1.4 system-ui, sans-serif; color: #0f1419; width: max-content; }
    figure { margin: 0; background: #fff; border: 1px solid #cfd9de; border-radius: 12px; overflow: hidden; }
    figcaption { padding: 10px 14px; border-bottom: 1px solid #cfd9de; }
    img { display: block; }
  </style></head><body>${panel('Ana’s browser', 'she claimed Kim’s post', a)}${panel('Ben’s browser', 'his toolbar shows it is Ana’s, no Claim', b)}</body></html>`);
  await page
    .locator('img')
    .last()
    .evaluate((img) => img.decode());
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, await page.locator('body').screenshot());
  await page.close();
}

export async function runTeamDemo({ headless }) {
  const team = await loadTeam('scripts/demo-team-entry.ts');
  if (!team.natsServerPath()) {
    console.error('The two-agent demo needs nats-server (Debian: apt-get install nats-server).');
    process.exitCode = 1;
    return;
  }
  const server = await team.NatsServer.start(readFileSync(path.resolve('team/nats-server.conf'), 'utf8'));
  const stop = () => server.dispose().catch(() => {});
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  const agents = [];
  try {
    // The team's bucket and stream, as an admin creates them (`npm run team -- init`); presence beats every 2 s.
    const admin = await team.connectTcp({ servers: server.tcpUrl, user: team.USERS.admin.user, pass: team.USERS.admin.password });
    await team.ensureTeam(admin, 'demo', true, { config: { v: 1, staleAfterMs: 10 * 60_000, beatMs: 2000 } });
    await admin.close();
    const now = Date.now();
    for (const agent of AGENTS) agents.push(await startAgent(agent, server, team.USERS, headless, now));
    const [ana, ben] = agents;
    const text = 'app crashes';
    for (const agent of agents) await toolbarOf(agent.tab, text).getByTestId('carebar-state').waitFor({ timeout: 30_000 });

    // Ana claims (the row's primary action, or the ⋯ menu); Ben's toolbar names her within a second.
    const bar = toolbarOf(ana.tab, text);
    if (await bar.getByTestId('carebar-claim').isVisible()) await bar.getByTestId('carebar-claim').click();
    else {
      await bar.getByTestId('carebar-more').click();
      await bar.getByTestId('carebar-claim').click();
    }
    const t0 = Date.now();
    const claimedBy = toolbarOf(ben.tab, text).getByTestId('carebar-claimed-by');
    await claimedBy.waitFor({ timeout: 10_000 });
    const seenMs = Date.now() - t0;
    await sideBySide(ana, ben, text);

    console.log(`\nTwo agents on one team (nats-server ${server.wsUrl}, team "demo")`);
    console.log(`\n• ${path.relative(process.cwd(), out)}`);
    console.log(
      `  Ana claimed Kim’s post; Ben’s toolbar shows “${(await claimedBy.textContent())?.trim()}” ${seenMs} ms later, and offers no Claim.`,
    );
    console.log('  Ben’s queue (side panel) marks the item as Ana’s; if Ben claims it anyway, Carebar refuses: “Claimed by Ana”.');
    console.log('  The server decides with compare-and-set: of two agents claiming at once exactly one wins (docs/team.md).');
    if (!headless) {
      console.log(
        '\nBoth windows are open (Ana’s and Ben’s profiles). Claim, reply or ignore in one and watch the other. Close both to end.',
      );
      await Promise.all(agents.map((a) => new Promise((resolve) => a.context.on('close', resolve))));
    }
  } finally {
    for (const a of agents) await a.close().catch(() => {});
    await stop();
  }
}
