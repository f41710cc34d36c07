import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { putCustomer } from '../../lib/background/crm/customer-store';
import { measureLength } from '../../lib/shared/snippets/length';
import { parseTemplate, renderTemplate, type FillContext } from '../../lib/shared/snippets/template';
import {
  canonicalBytes,
  checkPack,
  generateSigningKey,
  keyIdOf,
  lintPack,
  PackRejectedError,
  signPack,
  verifySignature,
  type Pack,
  type TrustedKey,
} from '../../lib/shared/snippets/pack-format';
import { acceptPack, listPacks, rollbackPack } from '../../lib/background/snippets/packs';
import { deletePersonalSnippet, savePersonalSnippet } from '../../lib/background/snippets/personal';
import { listSnippets, recordUsage, searchSnippets } from '../../lib/background/snippets/library';
import { renderForInsert, searchOptions } from '../../lib/background/snippets/fill';
import { refreshPacks, type FetchLike } from '../../lib/background/snippets/refresh';
import { setApprovedOnly, subscribe, takeNotices, trustKey } from '../../lib/background/snippets/config';
import { STARTER_SNIPPETS } from '../../lib/shared/snippets/starter-pack';
import {
  decryptKeyFile,
  exportSupervisorKey,
  generateSupervisorKey,
  listSupervisorKeys,
  signWithSupervisorKey,
} from '../../lib/background/snippets/signing-keys';
import { freshFactory, openDb, post } from './helpers/db';
import { recordSeen } from '../../lib/background/db/items';

const ctx = (over: Partial<FillContext> = {}): FillContext => ({
  customerFirstName: null,
  authorName: 'Sam Rivera',
  authorHandle: 'AcmeCustomer',
  agentName: 'Jo Doe',
  agentInitials: 'JD',
  ...over,
});

describe('snippet variables', () => {
  it('fills every known variable', () => {
    const r = renderTemplate(
      'Hi {{customer.firstName}} ({{ post.author }}), {{agent.name}} ^{{agent.initials}}',
      ctx({ customerFirstName: 'Samuel' }),
    );
    expect(r).toEqual({ text: 'Hi Samuel (Sam Rivera), Jo Doe ^JD', asks: [], errors: [] });
  });

  it('falls back to the name the post shows when the CRM has no first name', () => {
    expect(renderTemplate('Hi {{customer.firstName}}', ctx()).text).toBe('Hi Sam');
    // Not a name (emoji, digits): the whole display name rather than a fragment.
    expect(renderTemplate('Hi {{customer.firstName}}', ctx({ authorName: '🚀 42' })).text).toBe('Hi 🚀 42');
    expect(renderTemplate('Hi {{post.author}}', ctx({ authorName: null })).text).toBe('Hi @AcmeCustomer');
    expect(renderTemplate('^{{agent.initials}}', ctx({ agentInitials: null, agentName: 'ana maría lópez' })).text).toBe('^AML');
  });

  it('asks when there is no value, and never leaves {{…}} in the text', () => {
    const r = renderTemplate(
      'Hi {{customer.firstName}}, order {{prompt:Order number}} ^{{agent.initials}} {{prompt:Order number}}',
      ctx({ authorName: null, agentInitials: null, agentName: null }),
    );
    expect(r.asks).toEqual(['Customer first name', 'Order number', 'Your initials']);
    expect(r.text).not.toContain('{{');
    const answered = renderTemplate('Hi {{customer.firstName}}, order {{prompt:Order number}}', ctx({ authorName: null }), {
      'Customer first name': 'Lee',
      'Order number': '#123',
    });
    expect(answered).toEqual({ text: 'Hi Lee, order #123', asks: [], errors: [] });
  });

  it('reports unknown variables and unbalanced braces clearly', () => {
    expect(parseTemplate('Hi {{customer.lastName}}').errors[0].message).toMatch(
      /Unknown variable \{\{customer\.lastName\}\}: use one of \{\{customer\.firstName\}\}/,
    );
    expect(parseTemplate('Hi {{customer.firstName}').errors[0].message).toMatch(/Unbalanced/);
    expect(renderTemplate('Hi {{nope}} there', ctx()).text).toBe('Hi  there');
  });

  it('keeps HTML and script in a body as plain characters', () => {
    expect(renderTemplate('<img src=x onerror=alert(1)> {{post.author}}', ctx({ authorName: '<b>Sam</b>' })).text).toBe(
      '<img src=x onerror=alert(1)> <b>Sam</b>',
    );
  });
});

describe('reply length', () => {
  it('weighs X replies like X: URLs 23, emoji 2, limit 280', () => {
    expect(measureLength('x', 'hello')).toEqual({ length: 5, limit: 280, over: false });
    expect(measureLength('x', 'see https://example.com/a/very/long/path/that/is/long?q=1').length).toBe(4 + 23);
    expect(measureLength('x', '😀').length).toBe(2);
    expect(measureLength('x', '日本').length).toBe(4);
    expect(measureLength('x', 'a'.repeat(281)).over).toBe(true);
    expect(measureLength('x', 'a'.repeat(280)).over).toBe(false);
  });
  it('counts Facebook and DM replies in characters against their limits', () => {
    expect(measureLength('facebook', '😀'.repeat(10))).toEqual({ length: 10, limit: 8000, over: false });
    expect(measureLength('dm', 'a'.repeat(10_001)).over).toBe(true);
  });
});

// ---- packs ----

const base = (over: Partial<Pack> = {}): Omit<Pack, 'signature'> => ({
  id: 'acme-care',
  name: 'Acme care',
  version: '1.0.0',
  publishedAt: '2026-11-01T09:00:00Z',
  publisher: 'Acme supervisors',
  snippets: [
    {
      id: 'refund',
      title: 'Refund approved',
      body: 'Hi {{customer.firstName}}, your refund is approved.',
      channels: ['x', 'facebook'],
      tags: ['refund'],
    },
    {
      id: 'order',
      title: 'Order status',
      body: 'Order {{prompt:Order number}} ships today.',
      channels: ['dm'],
      tags: ['order'],
      locale: 'en',
    },
  ],
  ...over,
});
const NOW = Date.parse('2026-11-27T10:00:00Z');

async function publisher() {
  const key = await generateSigningKey();
  const trusted: TrustedKey = { keyId: key.keyId, label: 'Acme', jwk: key.publicJwk };
  const sign = (over: Partial<Pack> = {}) => signPack(base(over), key.privateKey, key.publicJwk);
  return { key, trusted, sign };
}

describe('pack signing and acceptance rules', () => {
  it('signs the RFC 8785 canonical form: key order and whitespace do not matter', async () => {
    const { sign, trusted } = await publisher();
    const pack = await sign();
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(pack) as Pack;
    expect(Object.keys(reordered)[0]).toBe('signature');
    expect(new TextDecoder().decode(canonicalBytes(pack))).toBe(new TextDecoder().decode(canonicalBytes(reordered)));
    expect(new TextDecoder().decode(canonicalBytes(pack))).not.toContain('signature');
    expect(await verifySignature(reordered, trusted.jwk)).toBe(true);
    await expect(checkPack(JSON.stringify(pack, null, 2), { trustedKeys: [trusted], now: NOW })).resolves.toMatchObject({
      version: '1.0.0',
    });
  });

  it('rejects every kind of bad pack with a reason', async () => {
    const { sign, trusted, key } = await publisher();
    const other = await generateSigningKey();
    const good = await sign();
    const cases: [string, unknown, TrustedKey[], string, RegExp][] = [
      ['malformed JSON', '{"id": "acme-care",', [trusted], 'malformed', /not valid JSON/],
      ['schema violation', { ...good, version: 'v2' }, [trusted], 'schema', /version: a version as MAJOR\.MINOR\.PATCH/],
      [
        'unknown variable',
        await sign({ snippets: [{ id: 'a', title: 'A', body: '{{customer.ssn}}', channels: ['x'], tags: [] }] }),
        [trusted],
        'schema',
        /Unknown variable/,
      ],
      ['5 MB', JSON.stringify({ ...good, padding: 'x'.repeat(5 * 1024 * 1024) }), [trusted], 'too-large', /5\.0 MB/],
      [
        '50,000 snippets',
        {
          ...good,
          snippets: Array.from({ length: 50_000 }, (_, i) => ({ id: `s${i}`, title: 't', body: 'b', channels: ['x'], tags: [] })),
        },
        [trusted],
        'too-large',
        /MB/,
      ],
      ['unsigned', base(), [trusted], 'unsigned', /not signed/],
      ['untrusted key', good, [], 'untrusted-key', /key you do not trust/],
      [
        'tampered',
        { ...good, snippets: [{ ...good.snippets[0], body: 'Refund and a voucher!' }] },
        [trusted],
        'bad-signature',
        /does not match its content/,
      ],
      // Signed by another key but claiming the trusted key's id.
      [
        'wrongly signed',
        {
          ...(await signPack(base(), other.privateKey, other.publicJwk)),
          signature: { ...(await signPack(base(), other.privateKey, other.publicJwk)).signature!, keyId: key.keyId },
        },
        [trusted],
        'bad-signature',
        /does not match/,
      ],
      ['expired', await sign({ expiresAt: '2026-11-20T00:00:00Z' }), [trusted], 'expired', /expired on 2026-11-20/],
      [
        'published in the future (clock far off)',
        await sign({ publishedAt: '2027-06-01T00:00:00Z' }),
        [trusted],
        'clock',
        /check this computer's clock/,
      ],
    ];
    for (const [name, input, keys, reason, message] of cases) {
      const err = await checkPack(input, { trustedKeys: keys, now: NOW }).then(
        () => null,
        (e) => e,
      );
      expect(err, name).toBeInstanceOf(PackRejectedError);
      expect(err.reason, name).toBe(reason);
      expect(err.message, name).toMatch(message);
    }
    const bigButFew = {
      ...good,
      snippets: Array.from({ length: 5001 }, (_, i) => ({ id: `s${i}`, title: 't', body: 'b', channels: ['x'], tags: [] })),
    };
    await expect(checkPack(bigButFew, { trustedKeys: [trusted], now: NOW })).rejects.toThrow(/at most 5000 snippets/);
    await expect(
      checkPack(await sign({ version: '0.9.0' }), { trustedKeys: [trusted], now: NOW, current: { version: '1.0.0' } }),
    ).rejects.toMatchObject({ reason: 'downgrade' });
  });

  it('lint reports format errors and warnings', async () => {
    expect(lintPack('nope').errors[0]).toMatch(/not valid JSON/);
    const long = base({ snippets: [{ id: 'a', title: 'A', body: 'x'.repeat(300), channels: ['x'], tags: [] }] });
    expect(lintPack(long).warnings).toEqual(['not signed yet', 'a: longer than 280 characters, too long for X']);
  });
});

describe('installed packs', () => {
  it('installs atomically, keeps the previous version, rolls back in one step, keeps usage', async () => {
    const db = openDb(freshFactory());
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    expect(await acceptPack(db, await sign(), { now: NOW })).toMatchObject({ status: 'installed', version: '1.0.0' });
    await recordUsage(db, 'acme-care/refund');
    const v2 = await sign({
      version: '1.4.0',
      snippets: [{ id: 'refund', title: 'Refund approved', body: 'Refund done, {{customer.firstName}}.', channels: ['x'], tags: [] }],
    });
    expect(await acceptPack(db, v2, { now: NOW })).toMatchObject({ status: 'installed', message: 'Pack "Acme care" updated to 1.4.0' });
    const byId = async () => new Map((await listSnippets(db)).map((x) => [x.id, x]));
    expect((await byId()).get('acme-care/order')).toBeUndefined();
    expect((await byId()).get('acme-care/refund')).toMatchObject({
      body: 'Refund done, {{customer.firstName}}.',
      usage: 1,
      approved: true,
    });
    expect((await listPacks(db)).find((p) => p.id === 'acme-care')).toMatchObject({ version: '1.4.0', previousVersion: '1.0.0' });
    // A rejected pack changes nothing.
    const before = await listSnippets(db);
    await expect(acceptPack(db, { ...v2, version: '1.5.0' }, { now: NOW })).rejects.toMatchObject({ reason: 'bad-signature' });
    await expect(acceptPack(db, await sign({ version: '1.1.0' }), { now: NOW })).rejects.toMatchObject({ reason: 'downgrade' });
    expect(await listSnippets(db)).toEqual(before);

    expect(await rollbackPack(db, 'acme-care')).toMatchObject({ version: '1.0.0', message: 'Pack "Acme care" rolled back to 1.0.0' });
    expect((await byId()).get('acme-care/order')).toBeDefined();
    // The version rolled back from is not re-applied by a refresh; a newer one is.
    expect(await acceptPack(db, v2, { now: NOW })).toMatchObject({ status: 'unchanged' });
    expect(await acceptPack(db, await sign({ version: '1.5.0' }), { now: NOW })).toMatchObject({ status: 'installed', version: '1.5.0' });
  });

  it('pack snippets cannot be edited or deleted by agents; personal ones are "not approved" and can be switched off', async () => {
    const db = openDb(freshFactory());
    await searchSnippets(db, { query: '', channel: 'x' });
    await expect(
      savePersonalSnippet(db, { id: 'carebar-starter/acknowledge', title: 'Mine', body: 'x', channels: ['x'], tags: [] }),
    ).rejects.toThrow(/only be changed by the pack/);
    await expect(deletePersonalSnippet(db, 'carebar-starter/acknowledge')).rejects.toThrow(/only be changed by the pack/);
    await expect(savePersonalSnippet(db, { title: 'Bad', body: 'Hi {{customer.nickname}}', channels: ['x'], tags: [] })).rejects.toThrow(
      /Unknown variable/,
    );
    const mine = await savePersonalSnippet(db, {
      title: 'My greeting',
      body: 'Howdy {{customer.firstName}}!',
      channels: ['x'],
      tags: ['greeting'],
    });
    expect(mine.approved).toBe(false);
    expect((await searchSnippets(db, { query: 'howdy', channel: 'x' })).map((s) => s.id)).toEqual([mine.id]);
    await setApprovedOnly(db, true);
    expect(await searchSnippets(db, { query: 'howdy', channel: 'x' })).toEqual([]);
    await expect(savePersonalSnippet(db, { title: 'More', body: 'x', channels: ['x'], tags: [] })).rejects.toThrow(
      /approved snippets only/,
    );
    // A managed policy overrides the local choice.
    expect((await searchSnippets(db, { query: 'howdy', channel: 'x' }, { approvedOnly: false })).length).toBe(1);
  });

  it('ships a useful starter pack that a supervisor pack can replace', async () => {
    const db = openDb(freshFactory());
    expect(STARTER_SNIPPETS.filter((s) => s.locale === 'en').length).toBeGreaterThanOrEqual(8);
    const all = await searchSnippets(db, { query: '', channel: 'x', limit: 50 });
    expect(all.every((s) => s.packId === 'carebar-starter' && s.approved)).toBe(true);
    expect((await searchSnippets(db, { query: 'direct mesage', channel: 'x' }))[0].id).toBe('carebar-starter/ask-to-dm');
    expect((await searchSnippets(db, { query: 'order', channel: 'x' })).map((s) => s.id)).not.toContain('carebar-starter/order-update'); // DM only
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    await acceptPack(db, await sign({ replacesStarter: true }), { now: NOW });
    expect((await searchSnippets(db, { query: '', channel: 'x' })).map((s) => s.id)).toEqual(['acme-care/refund']);
  });

  it('previews and inserts with the post and CRM first name filled; HTML stays text', async () => {
    const db = openDb(freshFactory());
    await recordSeen(db, [post({ postId: '77', authorName: 'Sam Rivera', authorHandle: 'sam' })]);
    await putCustomer(db, {
      id: 'c1',
      name: 'Samantha Rivera',
      handles: ['x:sam'],
      tier: 'gold',
      lifetimeValue: 9000,
      notes: 'secret note',
      tags: [],
      updatedAt: '2026-01-01T00:00:00Z',
    });
    const options = await searchOptions(db, { query: 'acknowledge', channel: 'x', key: 'x:77' });
    expect(options[0].preview).toMatch(/^Hi Samantha, thanks/);
    expect(JSON.stringify(options)).not.toMatch(/secret note|gold|9000|Rivera/);
    const html = await savePersonalSnippet(db, {
      title: 'html',
      body: '<script>alert(1)</script> {{prompt:Order number}}',
      channels: ['x'],
      tags: [],
    });
    expect(await renderForInsert(db, { id: html.id, key: 'x:77', answers: {} })).toEqual({ text: '', asks: ['Order number'] });
    expect(await renderForInsert(db, { id: html.id, key: 'x:77', answers: { 'Order number': '#1' } })).toEqual({
      text: '<script>alert(1)</script> #1',
      asks: [],
    });
  });
});

describe('pack refresh from a real HTTP server', () => {
  let server: Server | null = null;
  afterEach(() => server?.close());

  const nodeFetch: FetchLike = (url, init) => fetch(url, init);

  it('uses ETag / If-None-Match, applies new versions, says "updated" once, and keeps the old one on failure', async () => {
    const db = openDb(freshFactory());
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    let body = JSON.stringify(await sign());
    let status = 200;
    const seen: (string | undefined)[] = [];
    server = createServer((req, res) => {
      seen.push(req.headers['if-none-match'] as string | undefined);
      const etag = `"v-${body.length}-${body.slice(-40).replace(/\W/g, '')}"`;
      if (status !== 200) return res.writeHead(status).end('boom');
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { ETag: etag }).end();
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(body);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pack.json`;
    await subscribe(db, url);

    expect(await refreshPacks(db, nodeFetch, { now: NOW })).toEqual([expect.objectContaining({ status: 'installed', version: '1.0.0' })]);
    expect(await refreshPacks(db, nodeFetch, { now: NOW })).toEqual([
      expect.objectContaining({ status: 'unchanged', message: 'Not modified since the last check' }),
    ]);
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).toMatch(/^"v-/);

    body = JSON.stringify(await sign({ version: '1.4.0' }));
    expect((await refreshPacks(db, nodeFetch, { now: NOW }))[0]).toMatchObject({ status: 'installed', version: '1.4.0' });
    expect(await takeNotices(db)).toEqual(['Pack "Acme care" updated to 1.4.0']);
    expect(await takeNotices(db)).toEqual([]);

    await listPacks(db); // the starter pack is installed on first use
    const installed = await listSnippets(db);
    for (const bad of ['{not json', JSON.stringify({ ...(await sign({ version: '1.5.0' })), name: 'Evil' })]) {
      body = bad;
      const [result] = await refreshPacks(db, nodeFetch, { now: NOW });
      expect(result.status).toBe('rejected');
    }
    status = 500;
    expect((await refreshPacks(db, nodeFetch, { now: NOW }))[0].message).toMatch(/HTTP 500/);
    // A clock far behind: the pack looks published in the future and is refused, not installed.
    status = 200;
    body = JSON.stringify(await sign({ version: '2.0.0' }));
    expect((await refreshPacks(db, nodeFetch, { now: Date.parse('2020-01-01T00:00:00Z') }))[0].message).toMatch(/clock/);
    expect(await listSnippets(db)).toEqual(installed);
    expect((await listPacks(db)).find((p) => p.id === 'acme-care')?.version).toBe('1.4.0');

    server.close();
    const [unreachable] = await refreshPacks(db, nodeFetch, { now: NOW, timeoutMs: 2000 });
    expect(unreachable).toMatchObject({ status: 'rejected' });
    expect(unreachable.message).toMatch(/Could not reach/);
    expect(await listSnippets(db)).toEqual(installed);
  });

  it('accepts only https pack URLs (and http on this machine)', async () => {
    const db = openDb(freshFactory());
    await expect(subscribe(db, 'http://example.com/pack.json')).rejects.toThrow(/https/);
    await expect(subscribe(db, 'javascript:alert(1)')).rejects.toThrow(/https/);
    await subscribe(db, 'https://packs.example.com/acme.json');
  });
});

describe('supervisor signing keys', () => {
  it('keeps a non-extractable private key in IndexedDB; exports only a password-encrypted file', async () => {
    const db = openDb(freshFactory());
    const info = await generateSupervisorKey(db, 'Team lead', 'correct horse battery');
    expect(info.keyId).toBe(await keyIdOf(info.publicJwk));
    const stored = (await db.settings.get(`supervisor.signingKey:${info.keyId}`))!.value as { privateKey: CryptoKey };
    expect(stored.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', stored.privateKey)).rejects.toThrow();
    expect(await listSupervisorKeys(db)).toEqual([expect.objectContaining({ keyId: info.keyId, label: 'Team lead' })]);
    const file = await exportSupervisorKey(db, info.keyId);
    expect(JSON.stringify(file)).not.toMatch(/"d"/);
    await expect(decryptKeyFile(file, 'wrong password!')).rejects.toThrow(/Wrong password/);
    const restored = await decryptKeyFile(file, 'correct horse battery');
    expect(restored.info.keyId).toBe(info.keyId);

    const signed = await signWithSupervisorKey(db, info.keyId, base());
    await expect(
      checkPack(signed, { trustedKeys: [{ keyId: info.keyId, label: 'x', jwk: info.publicJwk }], now: NOW }),
    ).resolves.toBeTruthy();
  });
});

describe('snippet requests through the message API', () => {
  it('lets a content script search and render, but never install packs, trust keys or sign', async () => {
    const { handleRequest } = await import('../../lib/background/server');
    const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
    const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
    const db = openDb(freshFactory());
    const server = { db, runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, version: '0', startedAt: '', broadcast: () => {} };
    const page = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' } };
    const options = { id: RUNTIME_ID, url: `${ORIGIN}options.html` };
    const send = (type: string, payload: unknown, sender: object = page) => handleRequest({ carebar: 1, type, payload }, sender, server);
    const found = await send('snippets.search', { query: 'thanks', channel: 'x', key: null });
    expect(found).toMatchObject({ ok: true });
    expect(await send('text.length', { channel: 'x', text: '😀 https://example.com' })).toEqual({
      ok: true,
      data: { length: 26, limit: 280, over: false },
    });
    for (const type of [
      'packs.install',
      'packs.trustKey',
      'packs.subscribe',
      'packs.refresh',
      'supervisor.sign',
      'supervisor.exportKey',
      'snippets.savePersonal',
    ]) {
      expect((await send(type, {})) as { error: { code: string } }, type).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await send('snippets.search', { query: 'x'.repeat(500), channel: 'x', key: null })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const rejected = await send('packs.install', { document: '{"broken' }, options);
    expect(rejected).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/not valid JSON/) } });
    expect(await send('snippets.savePersonal', { title: 'T', body: '{{bogus}}', channels: ['x'], tags: [] }, options)).toMatchObject({
      ok: false,
      error: { code: 'rejected', message: expect.stringMatching(/Unknown variable/) },
    });
  });
});

describe('starter pack and the pack command', () => {
  it('the starter pack follows the pack format', async () => {
    const { parsePack } = await import('../../lib/shared/snippets/pack-format');
    expect(
      parsePack({
        id: 'carebar-starter',
        name: 'Starter',
        version: '1.0.0',
        publishedAt: '2026-11-01T00:00:00Z',
        publisher: 'Carebar',
        snippets: STARTER_SNIPPETS,
      }).snippets.length,
    ).toBe(STARTER_SNIPPETS.length);
  });

  it('npm run pack: keygen, lint, sign (with bump), verify; a tampered file fails verify', async () => {
    const { execFileSync, spawnSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'carebar-pack-'));
    const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/pack.mjs', ...args], { encoding: 'utf8' });
    execFileSync(process.execPath, ['scripts/pack.mjs', 'keygen', path.join(dir, 'team')]);
    const file = path.join(dir, 'pack.json');
    writeFileSync(file, JSON.stringify(base()));
    expect(run('lint', file)).toMatchObject({ status: 0 });
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify(base({ snippets: [{ id: 'a', title: 'A', body: '{{customer.email}}', channels: ['x'], tags: [] }] })),
    );
    expect(run('lint', path.join(dir, 'bad.json')).stderr).toMatch(/Unknown variable \{\{customer\.email\}\}/);
    expect(run('sign', file, '--key', path.join(dir, 'team.private.pem'), '--bump', 'minor')).toMatchObject({ status: 0 });
    const signed = JSON.parse(readFileSync(file, 'utf8'));
    expect(signed.version).toBe('1.1.0');
    expect(run('verify', file, '--key', path.join(dir, 'team.public.jwk'))).toMatchObject({ status: 0 });
    // The extension accepts what the command signed.
    const jwk = JSON.parse(readFileSync(path.join(dir, 'team.public.jwk'), 'utf8'));
    await expect(checkPack(signed, { trustedKeys: [{ keyId: await keyIdOf(jwk), label: 'team', jwk }] })).resolves.toMatchObject({
      version: '1.1.0',
    });
    writeFileSync(file, JSON.stringify({ ...signed, name: 'Changed' }));
    const tampered = run('verify', file, '--key', path.join(dir, 'team.public.jwk'));
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/signature does not match/);
  }, 60_000);
});
