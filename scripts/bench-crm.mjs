// Customer-lookup benchmarks (issue 4), run by `npm run bench` or alone: `node scripts/bench-crm.mjs`.
// - CSV import of 100,000 rows through the options page's real import UI (worker parse + chunked background
//   writes), with the page's long tasks during it (the page must not freeze);
// - local-CRM lookup round trip at 100,000 customers ('customers.badge', the content script's request);
// - customer card open time: click on carebar-customer to the card painted in its extension-origin frame.
import { launchWithExtension } from './launch-extension.mjs';
import { seedDemo } from './demo-pages.mjs';

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** When the customer card in `frame` was first painted, epoch ms (its User Timing mark). */
async function cardPaintedAt(frame) {
  await frame.waitForFunction(() => performance.getEntriesByName('carebar:card-painted').length > 0);
  return frame.evaluate(() => performance.timeOrigin + performance.getEntriesByName('carebar:card-painted')[0].startTime);
}

export async function benchCrm({ rows = Number(process.env.BENCH_CRM_ROWS ?? 100_000), opens = 15 } = {}) {
  const { context, extensionId, serviceWorker, close } = await launchWithExtension();
  try {
    const options = await seedDemo(context, extensionId);
    await options.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
      }).observe({ type: 'longtask' });
    });
    const lines = ['id,name,twitter,email,tier,ltv,tags'];
    for (let i = 0; i < rows; i++)
      lines.push(`${i},Customer ${i},bench_user${i},bench${i}@example.com,${i % 20 === 0 ? 'VIP' : 'Standard'},${i % 5000},tag${i % 7}`);
    const pageNow = () => options.evaluate(() => performance.now());
    const t0 = Date.now();
    const injectFrom = await pageNow();
    // Playwright hands the 6.5 MB file to the page itself (base64 through the DevTools protocol, decoded by its
    // injected script): that is the test harness, not Carebar; its long tasks are counted apart.
    await options
      .getByTestId('carebar-import-file')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    const injectTo = await pageNow();
    await options.getByTestId('carebar-import-check').click({ timeout: 60_000 });
    await options.getByTestId('carebar-import-report').waitFor({ timeout: 60_000 });
    const checkedMs = Date.now() - t0;
    const t1 = Date.now();
    await options.getByTestId('carebar-import-go').click({ timeout: 60_000 });
    await options.getByTestId('carebar-import-done').waitFor({ timeout: 120_000 });
    const writeMs = Date.now() - t1;
    const importMs = Date.now() - t0;
    const doneText = await options.getByTestId('carebar-import-done').innerText();
    const allTasks = await options.evaluate(() => window.__longTasks);
    const harness = allTasks.filter((t) => t.at + t.ms > injectFrom && t.at < injectTo);
    const longTasks = allTasks.filter((t) => !harness.includes(t)).map((t) => t.ms);
    const csvImport = {
      rows,
      seconds: +(importMs / 1000).toFixed(2),
      parseAndCheckSeconds: +(checkedMs / 1000).toFixed(2),
      writeSeconds: +(writeMs / 1000).toFixed(2),
      report: doneText.split('\n')[0],
      longestTaskMs: Math.max(0, ...longTasks),
      tasksOver50ms: longTasks.length,
      harnessFileInjectionTaskMs: Math.max(0, ...harness.map((t) => t.ms)),
    };

    // For scale: the same rows put bare into a scratch IndexedDB database, ONE RECORD PER CUSTOMER with the
    // indexes Carebar had before v4 (id, *handles, name), 5,000 per transaction, from the service worker —
    // Chromium's own write rate on this machine right now, no Carebar code. The floor of the old layout: since v4
    // Carebar stores 100 customers per record, so its import can (and should) beat this figure.
    csvImport.bareIndexedDbOneRecordPerCustomerSeconds = await serviceWorker.evaluate(async (n) => {
      const name = 'carebar-bench-scratch';
      await new Promise((r) => Object.assign(indexedDB.deleteDatabase(name), { onsuccess: r, onerror: r }));
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('customers', { keyPath: 'id' });
          store.createIndex('handles', 'handles', { multiEntry: true });
          store.createIndex('name', 'name');
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const t = performance.now();
      for (let c = 0; c < n; c += 5000) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction('customers', 'readwrite');
          const store = tx.objectStore('customers');
          for (let i = c; i < Math.min(n, c + 5000); i++)
            store.put({
              id: `import:${i}`,
              name: `Customer ${i}`,
              handles: [`x:bench_user${i}`, `email:bench${i}@example.com`],
              tier: 'Standard',
              lifetimeValue: i % 5000,
              notes: null,
              tags: [`tag${i % 7}`],
              updatedAt: new Date().toISOString(),
              source: 'import',
            });
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      const seconds = +((performance.now() - t) / 1000).toFixed(2);
      db.close();
      await new Promise((r) => Object.assign(indexedDB.deleteDatabase(name), { onsuccess: r, onerror: r }));
      return seconds;
    }, rows);

    const lookup = await options.evaluate(
      async ({ total }) => {
        const send = (type, payload) => chrome.runtime.sendMessage({ carebar: 1, type, payload });
        const times = [];
        for (let i = 0; i < 200; i++) {
          const n = Math.floor(Math.random() * total);
          const t = performance.now();
          const reply = await send('customers.badge', { authors: [{ channel: 'x', handle: `bench_user${n}`, id: null }] });
          times.push(performance.now() - t);
          if (!reply.ok || !reply.data.badges[`x:bench_user${n}`]) throw new Error(`lookup failed: ${JSON.stringify(reply)}`);
        }
        times.sort((a, b) => a - b);
        return {
          customers: (await send('crm.stats', {})).data.customers,
          lookups: times.length,
          medianMs: +times[100].toFixed(2),
          p95Ms: +times[190].toFixed(2),
        };
      },
      { total: rows },
    );

    // Card open: the X post page, Sam Rivera's post; close and reopen to measure each open.
    const tab = await context.newPage();
    await tab.goto('https://x.com/AcmeCustomer/status/2126061954790609879');
    const toolbar = tab.locator('[data-testid="carebar-toolbar"][data-carebar-id="x:2126061954790609879"]');
    const button = toolbar.getByTestId('carebar-customer');
    await button.waitFor({ timeout: 30_000 });
    // First open, cold (a click with no hover before it, e.g. keyboard): the frame loads, asks the background,
    // paints (the card sets a User Timing mark when painted).
    const clickAt = await button.evaluate((b) => {
      const at = performance.timeOrigin + performance.now();
      b.click();
      return at;
    });
    await toolbar.frameLocator('[data-testid="carebar-customer-frame"]').getByTestId('carebar-customer-name').waitFor();
    const frame = tab.frames().find((f) => f.url().includes('customer-card.html'));
    const firstMs = (await cardPaintedAt(frame)) - clickAt;
    // Reopening: the loaded card (kept current by change notices) is shown; click to the next painted frame.
    const times = [];
    for (let i = 0; i < opens; i++) {
      await button.click(); // close
      await toolbar.locator('[data-testid="carebar-customer-frame"]').waitFor({ state: 'hidden' });
      times.push(
        await button.evaluate(async (b) => {
          const t0 = performance.now();
          b.click();
          const iframe = b.getRootNode().querySelector('[data-testid="carebar-customer-frame"]');
          while (!iframe || iframe.hidden) await new Promise((r) => setTimeout(r, 0));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - t0;
        }),
      );
    }
    // First open of another post's card the way a mouse does it: the pointer rests on the button (250 ms, a
    // quick hover-to-click), which loads the card's frame hidden, then clicks. Painted = the later of the card's
    // own paint mark and the page's next frame with the iframe shown.
    const other = tab
      .locator('[data-testid="carebar-toolbar"]:not([data-carebar-id="x:2126061954790609879"])')
      .filter({ has: tab.getByTestId('carebar-customer') })
      .first();
    const otherButton = other.getByTestId('carebar-customer');
    await otherButton.hover();
    await tab.waitForTimeout(250);
    const shown = await otherButton.evaluate(async (b) => {
      const at = performance.timeOrigin + performance.now();
      b.click();
      let iframe = null;
      while (!(iframe = b.getRootNode().querySelector('[data-testid="carebar-customer-frame"]')) || iframe.hidden)
        await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { at, shownAt: performance.timeOrigin + performance.now(), src: iframe.src };
    });
    const otherFrame = tab.frames().find((f) => f.url() === shown.src);
    const hoverFirstMs = Math.max(shown.shownAt, await cardPaintedAt(otherFrame)) - shown.at;
    const cardOpen = {
      firstOpenMs: Math.round(firstMs),
      firstOpenAfterHoverMs: Math.round(hoverFirstMs),
      reopens: opens,
      reopenMedianMs: Math.round(percentile(times, 50)),
      reopenP95Ms: Math.round(percentile(times, 95)),
    };
    return { csvImport, lookup, cardOpen };
  } finally {
    await close();
  }
}

/** The limits these figures are held to (the unit tests check what the code does at 100,000 rows, not how fast). */
const CRM_TARGETS = [
  { what: 'CSV import of 100,000 rows, end to end', figure: (crm) => crm.csvImport.seconds, below: 10, unit: 's' },
  { what: '… of which parsing and checking every row', figure: (crm) => crm.csvImport.parseAndCheckSeconds, below: 5, unit: 's' },
  { what: 'local-CRM lookup round trip at 100,000 customers, median', figure: (crm) => crm.lookup.medianMs, below: 10, unit: 'ms' },
  { what: 'customer card reopen, median', figure: (crm) => crm.cardOpen.reopenMedianMs, below: 50, unit: 'ms' },
];

export function printCrm(crm) {
  console.log('CSV import into the local CRM through the options page (target < 10 s, page never frozen):');
  console.table([crm.csvImport]);
  console.log('Local-CRM lookup round trip at 100,000 customers (target < 10 ms):');
  console.table([crm.lookup]);
  console.log('Customer card, click to painted card (target < 50 ms from cache, i.e. reopen):');
  console.table([crm.cardOpen]);
  console.log('Against the targets (a miss is reported, not hidden):');
  for (const { what, figure, below, unit } of CRM_TARGETS) {
    const value = figure(crm);
    console.log(`  ${value < below ? '✓' : '✗'} ${what}: ${value} ${unit} (target < ${below} ${unit})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printCrm(await benchCrm());
