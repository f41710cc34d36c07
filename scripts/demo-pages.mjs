// The replica pages the demo opens and the benchmark measures, read from the fixtures' own truth files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_AGENTS, demoHistory } from './demo-history.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const X = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/x/expected.json'), 'utf8'));
const FACEBOOK = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/facebook/expected.json'), 'utf8'));

export const DEMO_PAGES = [
  ...Object.entries(X.pages).map(([name, page]) => ({ name: `x-${name}`, url: page.url })),
  ...Object.entries(FACEBOOK.pages).map(([name, page]) => ({ name: `facebook-${name}`, url: page.url })),
];

/** For the benchmark: each page's post selector and how many posts it shows on load (toolbars expected). */
export const BENCH_PAGES = [
  ...Object.entries(X.pages).map(([name, page]) => ({
    name: `x ${name}`,
    url: page.url,
    postSelector: 'article[data-testid="tweet"]',
    count: page.posts.filter((p) => p.initiallyRendered && p.authorHandle !== X.signedIn.handle).length,
  })),
  ...Object.entries(FACEBOOK.pages).map(([name, page]) => ({
    name: `facebook ${name}`,
    url: page.url,
    postSelector: 'div[role="article"]',
    count: page.items.filter((p) => p.authorName !== page.signedIn.name).length,
  })),
];

/** Keys of the X home timeline's customer posts (everything not by the signed-in brand account). */
export const HOME_CUSTOMER_KEYS = X.pages.home.posts.filter((p) => p.authorHandle !== X.signedIn.handle).map((p) => p.key);

/**
 * The demo brand's customers (scripts/demo-customers.json), matching the authors on the replica pages
 * (tests/fixtures/{x,facebook}/expected.json), as the rows of one crm.importRows chunk. Used by the demo, the benches and the tests.
 */
export function demoCustomerRows() {
  const customers = JSON.parse(readFileSync(new URL('./demo-customers.json', import.meta.url), 'utf8'));
  return customers.map((customer, i) => ({ row: i + 1, customer }));
}

/** The embedded defaults: who the demo agent is and which accounts are the demo brand's. */
export const DEMO_SETTINGS = {
  agentName: DEMO_AGENTS[0].name,
  agentInitials: DEMO_AGENTS[0].initials,
  brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport'] },
  setupDone: true,
};

/**
 * Seed the demo through the extension's own options page (settings are privileged requests): the demo team's
 * settings, its customers (imported like any customer file: the shipped extension has no demo seeding) and, with
 * `historyNow`, a week of past work up to that time (for the reports).
 */
export async function seedDemo(context, extensionId, historyNow = null) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const send = (type, payload) =>
    page.evaluate(([type, payload]) => chrome.runtime.sendMessage({ carebar: 1, type, payload }), [type, payload]);
  const reply = await send('settings.update', { settings: DEMO_SETTINGS });
  if (!reply?.ok) throw new Error(`Could not seed the demo settings: ${JSON.stringify(reply)}`);
  const crm = await send('crm.importRows', { rows: demoCustomerRows() });
  if (!crm?.ok) throw new Error(`Could not seed the demo customers: ${JSON.stringify(crm)}`);
  if (historyNow !== null) {
    const imported = await send('backup.import', { document: demoHistory(historyNow) });
    if (!imported?.ok) throw new Error(`Could not import the demo history: ${JSON.stringify(imported)}`);
  }
  await page.reload();
  return page;
}
