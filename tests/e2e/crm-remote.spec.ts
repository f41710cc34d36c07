import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test } from './harness';
import { X } from '../fixtures/replica-pages';

// The generic REST connector in real Chromium against a real node:http CRM on 127.0.0.1.
//
// Host permission: the options page asks for the CRM's origin with permissions.request at the Save click. Headless
// Chromium shows that prompt and nobody can answer it (Playwright has no handle on browser dialogs of an
// extension: the request stays pending), and http://127.0.0.1 is not among optional_host_permissions (https only),
// so Chrome refuses to even ask. The honest stand-in: the connector is saved through the same privileged API the
// options page calls (crm.connector.save), and the test CRM answers CORS for the extension's origin only, as an
// in-house CRM could. What is proven is everything after the permission: the background (not the page) asks the
// CRM with the token, maps and caches the answer, and the framed card shows it, stale with its error on failure.

const STATUS = X.pages.status;
const SAM = STATUS.posts.find((p) => p.authorHandle === 'AcmeCustomer')!;

interface Seen {
  method: string;
  url: string;
  origin: string | undefined;
  authorization: string | undefined;
  body: string;
}

async function startCrm(extensionOrigin: string) {
  const seen: Seen[] = [];
  let failWith: number | null = null;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const cors = {
        'Access-Control-Allow-Origin': extensionOrigin,
        'Access-Control-Allow-Headers': 'authorization, content-type',
        'Access-Control-Allow-Methods': 'GET, POST',
      };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        return res.end();
      }
      seen.push({ method: req.method!, url: req.url!, origin: req.headers.origin, authorization: req.headers.authorization, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { ...cors, 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (failWith) return send(failWith, { error: 'CRM down' });
      if (req.url!.startsWith('/api/customers?')) {
        const handle = new URL(req.url!, 'http://crm').searchParams.get('handle');
        if (handle !== 'AcmeCustomer') return send(404, { error: 'no such customer' });
        return send(200, { customer: { id: 'c-4711', name: 'Samantha Rivera (CRM)', tier: 'Platinum', ltv: 12000, notes: 'Key account' } });
      }
      if (req.method === 'POST' && req.url === '/api/customers/c-4711/notes') return send(201, { id: 'note-1' });
      send(404, { error: 'no such endpoint' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    fail: (status: number | null) => (failWith = status),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test('a remote REST CRM: the card shows its customer, writes a note to it, and shows the cached card "as of" with the error when it fails', async ({
  extension,
}) => {
  const { context, extensionId, serviceWorker } = extension;
  const crm = await startCrm(`chrome-extension://${extensionId}`);
  try {
    // The replicas' router refuses every other host; the test CRM is reached for real.
    await context.route(
      (url) => url.hostname === '127.0.0.1',
      (route) => route.continue(),
    );
    const ext = await openExtensionPage(context, extensionId);
    expect(
      await callApi(ext, 'settings.update', {
        settings: { agentName: 'Demo Agent', brandAccounts: { x: ['AcmeSupport'], facebook: ['AcmeSupport'] }, setupDone: true },
      }),
    ).toMatchObject({ ok: true });
    const saved = await callApi(ext, 'crm.connector.save', {
      config: {
        kind: 'rest',
        urlTemplate: `${crm.base}/api/customers?channel={channel}&handle={handle}`,
        authHeader: 'Authorization',
        noteUrlTemplate: `${crm.base}/api/customers/{customerId}/notes`,
        fields: { record: 'customer', id: 'id', name: 'name', tier: 'tier', lifetimeValue: 'ltv', notes: 'notes' },
      },
      token: 'Bearer crm-secret-token',
    });
    expect(saved).toMatchObject({ ok: true, data: { tokenMasked: '••••••••oken' } });

    const tab = await context.newPage();
    const errors = collectPageErrors(tab);
    await tab.goto(STATUS.url);
    const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${SAM.key}"]`);
    await toolbar.getByTestId('carebar-customer').click();
    const card = toolbar.frameLocator('[data-testid="carebar-customer-frame"]').getByTestId('carebar-customer-card');
    await expect(card.getByTestId('carebar-customer-name')).toHaveText('Samantha Rivera (CRM)');
    await expect(card.getByTestId('carebar-customer-tier')).toHaveText('Platinum');
    await expect(card.getByTestId('carebar-customer-remote')).toContainText('REST CRM, as of');
    await expect(card).toContainText('Key account');
    // Asked by the background (the extension's origin, with the token), never by the page.
    const lookup = crm.seen.find((s) => s.url.startsWith('/api/customers?'));
    expect(lookup).toMatchObject({
      method: 'GET',
      url: '/api/customers?channel=x&handle=AcmeCustomer',
      origin: `chrome-extension://${extensionId}`,
      authorization: 'Bearer crm-secret-token',
    });
    expect(await tab.content()).not.toContain('Key account');

    // A note from the card goes to the CRM through the background.
    await card.getByTestId('carebar-customer-note').fill('Voucher sent by DM');
    await card.getByTestId('carebar-customer-note').press('Enter');
    await expect(card).toContainText('Note saved in REST CRM.');
    const note = crm.seen.find((s) => s.method === 'POST');
    expect(note).toMatchObject({
      url: '/api/customers/c-4711/notes',
      authorization: 'Bearer crm-secret-token',
      origin: `chrome-extension://${extensionId}`,
    });
    expect(JSON.parse(note!.body)).toMatchObject({
      note: 'Voucher sent by DM',
      customerId: 'c-4711',
      channel: 'x',
      handle: 'AcmeCustomer',
    });
    await expect(card).toContainText('Voucher sent by DM');

    // The CRM fails, and the cached answer is past its 15-minute TTL (aged in the background's database, as if
    // the clock had moved on): the card still shows the customer, "as of" the cache time, with the error.
    crm.fail(500);
    const aged = await serviceWorker.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('carebar');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('crmCache', 'readwrite');
            const store = tx.objectStore('crmCache');
            let n = 0;
            store.openCursor().onsuccess = (e) => {
              const cursor = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
              if (!cursor) return;
              cursor.update({ ...cursor.value, fetchedAt: new Date(Date.now() - 20 * 60_000).toISOString() });
              n++;
              cursor.continue();
            };
            tx.oncomplete = () => resolve(n);
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(aged).toBe(1);
    await tab.reload();
    await toolbar.getByTestId('carebar-customer').click();
    await expect(card.getByTestId('carebar-customer-name')).toHaveText('Samantha Rivera (CRM)');
    await expect(card.getByTestId('carebar-customer-tier')).toHaveText('Platinum');
    const remote = card.getByTestId('carebar-customer-remote');
    await expect(remote).toContainText('The CRM had an error (500)');
    await expect(remote).toContainText('as of');
    expect(crm.seen.filter((s) => s.url.startsWith('/api/customers?')).length).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
  } finally {
    await crm.close();
  }
});
