// Snippets on a fresh install (no setup): the palette opens from the post's toolbar next to the site's own reply
// box, searches the starter pack, and Enter inserts the filled text into the real editor (X: Draft.js, Facebook:
// Lexical) with the editor's state updated: once, the site's Reply button enabled, Ctrl+Z removes it. Then a
// signed pack served by a real local HTTP server is picked up, and a tampered version is rejected.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { callApi, openExtensionPage } from './api';
import { collectPageErrors, expect, test } from './harness';
import { generateSigningKey, signPack } from '../../lib/shared/snippets/pack-format';
import { draftTextOf, lexicalTextOf } from '../fixtures/editor-state';
import { FACEBOOK, X } from '../fixtures/replica-pages';
import type { ReplicaWindow } from '../fixtures/replica-window';
import type { Browser } from 'webextension-polyfill';

const STATUS = X.pages.status;
const FOCUSED_KEY: string = STATUS.posts[0].key;
const FB_PAGE = FACEBOOK.pages['page-post'];

const draftText = (page: Page) => page.getByTestId('tweetTextarea_0').evaluate(draftTextOf);
const lexicalText = (page: Page, selector: string) => page.locator(selector).first().evaluate(lexicalTextOf);

test('X reply composer: search, Enter, filled once, Reply enabled, Ctrl+Z removes it', async ({ extension }) => {
  const tab = await extension.context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(STATUS.url);
  const toolbar = tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${FOCUSED_KEY}"]`);
  const reply = tab.getByTestId('tweetButtonInline');
  await expect(reply).toBeDisabled();
  await toolbar.getByTestId('carebar-snippets').click();
  const palette = tab.getByTestId('carebar-snippet-palette');
  await expect(palette).toBeVisible();
  await expect(tab.getByTestId('carebar-snippet-option').first()).toBeVisible();
  await tab.getByTestId('carebar-snippet-search').fill('direct mesage'); // a typo: the search is fuzzy
  await expect(tab.getByTestId('carebar-snippet-option').first()).toHaveAttribute('data-snippet-id', 'carebar-starter/ask-to-dm');
  // The preview is filled from the post: no CRM record on a fresh install, so the display name's first word.
  await expect(tab.getByTestId('carebar-snippet-preview')).toContainText('Hi Sam,');
  await tab.getByTestId('carebar-snippet-search').press('Enter');
  await expect(palette).toHaveCount(0);

  const expected =
    "Hi Sam, we'd like to help with this. Could you send us a direct message with your account email so we can look into it privately? Please don't share personal details here.";
  await expect.poll(() => draftText(tab)).toBe(expected);
  await expect(tab.getByTestId('tweetTextarea_0')).toHaveText(expected);
  expect(await draftText(tab)).not.toContain('{{');
  await expect(reply).toBeEnabled();
  // The live counter shows X's weighted length.
  await expect(tab.getByTestId('carebar-char-count')).toHaveAttribute('data-length', String(expected.length));
  await expect(tab.getByTestId('carebar-char-count')).toHaveAttribute('data-limit', '280');

  await tab.keyboard.press('Control+z');
  await expect.poll(() => draftText(tab)).toBe('');
  await expect(reply).toBeDisabled();

  // The keyboard shortcut in the composer opens the palette too; an empty search lists the most used first.
  await tab.getByTestId('tweetTextarea_0').click();
  await tab.keyboard.press('Alt+Shift+S');
  await expect(palette).toBeVisible();
  await expect(tab.getByTestId('carebar-snippet-option').first()).toHaveAttribute('data-snippet-id', 'carebar-starter/ask-to-dm');
  await tab.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('Facebook Lexical comment box: a snippet that asks, inserted once, Ctrl+Z removes it', async ({ extension }) => {
  const tab = await extension.context.newPage();
  const errors = collectPageErrors(tab);
  await tab.goto(FB_PAGE.url);
  const composerSelector = 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]';
  await expect(tab.getByTestId('carebar-snippets').first()).toBeVisible({ timeout: 30_000 });
  // The page's comment box (a comment's own Snippets opens that comment's reply box instead: toolbar.spec.ts).
  await tab.locator(composerSelector).last().click();
  await tab.keyboard.press('Alt+Shift+S');
  await tab.getByTestId('carebar-snippet-search').fill('close loop');
  await expect(tab.getByTestId('carebar-snippet-option').first()).toHaveAttribute('data-snippet-id', 'carebar-starter/close-the-loop');
  await tab.getByTestId('carebar-snippet-search').press('Enter');
  // No agent set up yet: the palette asks for the initials instead of inserting a {{…}}.
  const ask = tab.locator('[data-testid="carebar-snippet-prompt"][data-label="Your initials"]');
  await expect(ask).toBeFocused();
  await ask.fill('JD');
  await ask.press('Enter');
  await expect(tab.getByTestId('carebar-snippet-palette')).toHaveCount(0);
  await expect.poll(() => lexicalText(tab, composerSelector)).toMatch(/is everything working as expected now\?.*\^JD$/s);
  const state = await lexicalText(tab, composerSelector);
  expect(state.split('is everything working').length - 1).toBe(1);
  expect(state).not.toContain('{{');
  await tab.keyboard.press('Control+z');
  await expect.poll(() => lexicalText(tab, composerSelector)).toBe('');
  expect(errors).toEqual([]);
});

test('a body with HTML and script is inserted as plain text; a personal snippet is marked not approved', async ({ extension }) => {
  const options = await openExtensionPage(extension.context, extension.extensionId);
  const body = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Hi {{post.author}}';
  const saved = await callApi(options, 'snippets.savePersonal', { title: 'Markup test', body, channels: ['x'], tags: ['markup'] });
  expect(saved.ok).toBe(true);
  const tab = await extension.context.newPage();
  await tab.goto(STATUS.url);
  await tab.locator(`[data-testid="carebar-toolbar"][data-carebar-id="${FOCUSED_KEY}"]`).getByTestId('carebar-snippets').click();
  await tab.getByTestId('carebar-snippet-search').fill('markup');
  const option = tab.getByTestId('carebar-snippet-option').first();
  await expect(option).toHaveAttribute('data-snippet-id', saved.data.snippet.id);
  await expect(option).toContainText('not approved');
  await option.click();
  const expected = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Hi Sam Rivera';
  await expect.poll(() => draftText(tab)).toBe(expected);
  await expect(tab.getByTestId('tweetTextarea_0')).toHaveText(expected);
  expect(await tab.locator('[data-testid="tweetTextarea_0"] img, [data-testid="tweetTextarea_0"] script').count()).toBe(0);
  expect(await tab.evaluate(() => (window as unknown as ReplicaWindow).__pwned)).toBeUndefined();
});

test('a signed pack from a local server is picked up; a tampered version is rejected and the old one kept', async ({ extension }) => {
  const key = await generateSigningKey(true);
  const v1 = await signPack(
    {
      id: 'acme-care',
      name: 'Acme care',
      version: '1.0.0',
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
      publisher: 'Acme supervisors',
      snippets: [
        {
          id: 'refund',
          title: 'Refund approved',
          body: 'Hi {{customer.firstName}}, your refund is approved.',
          channels: ['x', 'facebook'],
          tags: ['refund'],
        },
      ],
    },
    key.privateKey,
    key.publicJwk,
  );
  const signedV2 = await signPack({ ...v1, version: '1.1.0' }, key.privateKey, key.publicJwk);
  const tamperedV2 = {
    ...signedV2,
    snippets: [{ ...signedV2.snippets[0], body: 'Hi {{customer.firstName}}, you get a refund AND a voucher.' }],
  };
  let body = JSON.stringify(v1);
  const requests: { ifNoneMatch?: string }[] = [];
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'If-None-Match');
    res.setHeader('Access-Control-Expose-Headers', 'ETag');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    requests.push({ ifNoneMatch: req.headers['if-none-match'] as string | undefined });
    const etag = `"${body.length}-${Buffer.from(body).toString('base64').slice(-12)}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { ETag: etag }).end();
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme-care.json`;
  // The harness answers every other http(s) request from the replicas; this one goes to the real server.
  await extension.context.route(
    (u) => u.href.startsWith(url),
    (route) => route.continue(),
  );
  try {
    const page = await openExtensionPage(extension.context, extension.extensionId);
    expect((await callApi(page, 'packs.trustKey', { label: 'Acme supervisors', jwk: key.publicJwk })).ok).toBe(true);
    expect((await callApi(page, 'packs.subscribe', { url })).ok).toBe(true);
    let refresh = await callApi(page, 'packs.refresh', {});
    expect(refresh.data.results).toEqual([expect.objectContaining({ status: 'installed', version: '1.0.0', url })]);
    const found = await callApi(page, 'snippets.search', { query: 'refund', channel: 'x', key: null });
    expect(found.data.results.map((r) => r.id)).toContain('acme-care/refund');

    // Unchanged: the ETag makes it a 304.
    refresh = await callApi(page, 'packs.refresh', {});
    expect(refresh.data.results[0].status).toBe('unchanged');
    expect(requests.at(-1)?.ifNoneMatch).toBeTruthy();

    body = JSON.stringify(tamperedV2);
    refresh = await callApi(page, 'packs.refresh', {});
    expect(refresh.data.results[0]).toMatchObject({ status: 'rejected' });
    expect(refresh.data.results[0].message).toMatch(/signature does not match/);
    const packs = await callApi(page, 'packs.list', {});
    expect(packs.data.packs.find((p) => p.id === 'acme-care')?.version).toBe('1.0.0');
    expect(packs.data.config.subscriptions[0].lastError).toMatch(/signature does not match/);
    const after = await callApi(page, 'snippets.search', { query: 'refund', channel: 'x', key: null });
    expect(after.data.results.find((r) => r.id === 'acme-care/refund')?.preview).toContain('your refund is approved');

    // The genuine 1.1.0 is applied.
    body = JSON.stringify(signedV2);
    refresh = await callApi(page, 'packs.refresh', {});
    expect(refresh.data.results[0]).toMatchObject({ status: 'installed', version: '1.1.0' });
  } finally {
    server.close();
  }
});

test('supervisor: a key generated in the extension signs a pack its agents accept; rollback in one step', async ({ extension }) => {
  const page = await openExtensionPage(extension.context, extension.extensionId);
  const generated = await callApi(page, 'supervisor.generateKey', { label: 'Team lead', password: 'correct horse battery' });
  expect(generated.ok).toBe(true);
  const { keyId, publicJwk } = generated.data.key;
  // The private key is a non-extractable CryptoKey in the extension's IndexedDB; only the encrypted file leaves.
  const exported = await callApi(page, 'supervisor.exportKey', { keyId });
  expect(exported.data.file).toMatchObject({ format: 'carebar-signing-key', keyId, kdf: { name: 'PBKDF2' }, cipher: { name: 'AES-GCM' } });
  expect(JSON.stringify(exported.data.file)).not.toContain('"d"');
  const stored = await page.evaluate(async (keyId) => {
    const db: IDBDatabase = await new Promise((res) => {
      const q = indexedDB.open('carebar');
      q.onsuccess = () => res(q.result);
    });
    const row = await new Promise<{ value: { privateKey: CryptoKey } }>((res) => {
      const q = db.transaction('settings').objectStore('settings').get(`supervisor.signingKey:${keyId}`);
      q.onsuccess = () => res(q.result);
    });
    return { isCryptoKey: row.value.privateKey instanceof CryptoKey, extractable: row.value.privateKey.extractable };
  }, keyId);
  expect(stored).toEqual({ isCryptoKey: true, extractable: false });
  expect(await page.evaluate(() => (globalThis as unknown as { chrome: Browser }).chrome.storage.local.get(null))).toEqual({});

  const draft = {
    id: 'team',
    name: 'Team',
    version: '1.0.0',
    publishedAt: new Date(Date.now() - 60_000).toISOString(),
    publisher: 'Team lead',
    snippets: [{ id: 'hi', title: 'Hello', body: 'Hello {{customer.firstName}}', channels: ['x'], tags: [] }],
  };
  const v1 = (await callApi(page, 'supervisor.sign', { keyId, pack: draft })).data.pack;
  const v2 = (
    await callApi(page, 'supervisor.sign', {
      keyId,
      pack: { ...draft, version: '1.1.0', snippets: [{ ...draft.snippets[0], body: 'Hi there {{customer.firstName}}' }] },
    })
  ).data.pack;
  expect((await callApi(page, 'packs.install', { document: v1 })).error?.message).toMatch(/key you do not trust/);
  await callApi(page, 'packs.trustKey', { label: 'Team lead', jwk: publicJwk });
  expect((await callApi(page, 'packs.install', { document: JSON.stringify(v1) })).data).toMatchObject({
    status: 'installed',
    version: '1.0.0',
  });
  expect((await callApi(page, 'packs.install', { document: JSON.stringify(v2) })).data).toMatchObject({
    status: 'installed',
    message: 'Pack "Team" updated to 1.1.0',
  });
  expect((await callApi(page, 'packs.install', { document: JSON.stringify(v1) })).error?.message).toMatch(
    /older than the installed 1\.1\.0/,
  );
  expect((await callApi(page, 'packs.rollback', { id: 'team' })).data).toMatchObject({ version: '1.0.0' });
  const list = await callApi(page, 'snippets.list', {});
  expect(list.data.snippets.find((s) => s.id === 'team/hi')?.body).toBe('Hello {{customer.firstName}}');
  // The options page shows it.
  await page.reload();
  await expect(page.locator('[data-testid="carebar-pack"][data-pack-id="team"]')).toHaveAttribute('data-version', '1.0.0');
  await expect(page.getByTestId('carebar-supervisor')).toContainText('Team lead');
});
