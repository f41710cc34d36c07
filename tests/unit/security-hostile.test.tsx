// @vitest-environment jsdom
import { h, render } from 'preact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage, handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { parseCustomersCsv } from '../../lib/shared/crm/import';
import { generateSigningKey, signPack } from '../../lib/shared/snippets/pack-format';
import { request } from '../../lib/shared/messaging/client';
import { Queue } from '../../components/pages/Queue';
import { CustomerCardView } from '../../components/pages/CustomerCard';
import { SnippetSettings } from '../../components/pages/SnippetSettings';
import { SnippetPalette } from '../../components/content/SnippetPalette';
import { createToolbarRow } from '../../components/content/toolbar-row';
import { rowPanels } from '../../components/content/row-panels';
import { freshFactory, openDb, post } from './helpers/db';
import { HOSTILE_PAYLOADS, payloadName } from './security-hostile-payloads';
import { dropRequestsPorts, serveRequestsPort } from './helpers/requests-port';

// Issue 11, "keep them closed": hostile content in post text, names, handles, CRM fields, CSV imports, snippet
// titles and bodies and pack metadata, through the real background (handlers, validation, IndexedDB) into the real
// components on a real DOM. Nothing executes: the hostile render has exactly the elements a benign one has, no
// inline handler, no javascript: URL; the text shows as text. What the API refuses (too long) is refused typed.

const RUNTIME_ID = fakeBrowser.runtime.id;
const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
const PAGE: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}sidepanel.html` };
const X: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };

const fit = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, ms = 8000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

let ctx: ServerContext;
const send = (type: string, payload: unknown, sender: SenderInfo = PAGE) => handleRequest({ carebar: 1, type, payload }, sender, ctx);

beforeAll(() => {
  ctx = { db: openDb(freshFactory()), runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, version: '0', startedAt: '', broadcast: () => {} };
  // The components' requests reach the real server as from an extension page.
  serveRequestsPort((message) => handleMessage(message, PAGE, ctx));
});
afterAll(() => {
  dropRequestsPorts();
  vi.restoreAllMocks();
});

/** Tag counts of a rendered tree: a hostile render must have exactly the benign render's. */
function shape(root: ParentNode): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const el of Array.from(root.querySelectorAll('*'))) counts[el.localName] = (counts[el.localName] ?? 0) + 1;
  return counts;
}
function inert(root: ParentNode) {
  expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on'), `${el.localName}[${attr.name}]`).toBe(false);
      if (['href', 'src', 'action', 'formaction', 'srcdoc', 'data', 'xlink:href'].includes(attr.name)) {
        expect(attr.value, `${el.localName}[${attr.name}]`).not.toMatch(/^\s*(javascript|vbscript|data):/i);
      }
    }
  }
}
const mount = () => {
  const el = document.createElement('div');
  document.body.append(el);
  return el;
};

describe('hostile content stays text', () => {
  it('has at least 50 payloads of every kind', () => {
    expect(HOSTILE_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    expect(HOSTILE_PAYLOADS.some((p) => p.length >= 100_000)).toBe(true);
    expect(HOSTILE_PAYLOADS.some((p) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(p))).toBe(true);
  });

  it('post text, names and handles: the API refuses what is too long (typed), the queue shows the rest as text', async () => {
    const posts = HOSTILE_PAYLOADS.map((p, i) =>
      post({
        postId: String(1000 + i),
        text: p,
        authorName: fit(p, 300) || 'n',
        authorHandle: fit(p, 100) || 'h',
        addressees: [fit(p, 200)],
      }),
    );
    for (const [i, p] of posts.entries()) {
      const reply = await send('items.seen', { posts: [p] }, X);
      if (p.text.length > 50_000)
        expect(reply, payloadName(HOSTILE_PAYLOADS[i], i)).toMatchObject({ ok: false, error: { code: 'invalid' } });
      else expect(reply, payloadName(HOSTILE_PAYLOADS[i], i)).toMatchObject({ ok: true });
    }
    const stored = (await send('items.queue', {})) as { ok: true; data: { items: unknown[] } };
    const shown = stored.data.items.length;
    expect(shown).toBeGreaterThanOrEqual(50);

    const hostile = mount();
    render(h(Queue, {}), hostile);
    await until(() => hostile.querySelectorAll('li').length >= shown, 'the queue');
    inert(hostile);
    for (const p of posts.filter((q) => q.text.length <= 50_000)) {
      const probe = p.text.slice(0, 60).replace(/\s+/g, ' ').trim();
      if (probe) expect(hostile.textContent!.replace(/\s+/g, ' ')).toContain(probe);
    }
    render(null, hostile);
  });

  it('CRM fields from a CSV import and the customer card: every payload as text, the card’s shape unchanged', async () => {
    const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const rows = HOSTILE_PAYLOADS.map((p, i) =>
      [`c${i}`, fit(p, 300), `hostile${i}`, fit(p, 60), fit(p, 4000), fit(p, 50).replace(/[;,|]/g, ' ')]
        .map((cell) => cell.trim() || 'blank')
        .map(csvCell)
        .join(','),
    );
    const parsed = parseCustomersCsv(['id,name,x,tier,notes,tags', ...rows].join('\n'));
    expect(parsed.rows.length + parsed.problems.length).toBe(HOSTILE_PAYLOADS.length);
    const imported = await send('crm.importRows', { rows: parsed.rows });
    expect(imported).toMatchObject({ ok: true });

    const benign = async (i: number) => {
      await send(
        'items.seen',
        { posts: [post({ postId: String(5000 + i), authorHandle: `hostile${i}`, authorName: 'Sam', text: 'hello' })] },
        X,
      );
      return `x:${5000 + i}`;
    };
    let baseline: Record<string, number> | null = null;
    for (const row of parsed.rows.slice(0, 60)) {
      const i = Number(row.customer && (row.customer as { id: string }).id.replace('import:c', ''));
      const key = await benign(i);
      const el = mount();
      render(h(CustomerCardView, { itemKey: key }), el);
      await until(() => !!el.querySelector('[data-testid="carebar-customer-forget"]'), `card ${i}`);
      inert(el);
      const text = el.textContent!.replace(/\s+/g, ' ');
      const name = (row.customer as { name: string }).name.replace(/\s+/g, ' ').trim().slice(0, 40);
      expect(text, payloadName(HOSTILE_PAYLOADS[i], i)).toContain(name);
      const s = shape(el);
      delete s.li; // notes split into lines
      delete s.span;
      baseline ??= s;
      expect(s, payloadName(HOSTILE_PAYLOADS[i], i)).toEqual(baseline);
      render(null, el);
      el.remove();
    }
  }, 60_000);

  it('snippet titles, bodies and pack metadata: the options list and the palette show them as text', async () => {
    const key = await generateSigningKey();
    const wellFormed = (p: string) => p.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    const safeTitle = (p: string, i: number) => fit(wellFormed(p).replace(/\{\{|\}\}/g, ''), 110).trim() || `t${i}`;
    const safeBody = (p: string, i: number) => fit(wellFormed(p).replace(/\{\{|\}\}|\{|\}/g, ''), 9000).trim() || `b${i}`;
    const pack = await signPack(
      {
        id: 'hostile-pack',
        name: fit(HOSTILE_PAYLOADS[1], 120),
        version: '1.0.0',
        publishedAt: '2026-11-01T09:00:00Z',
        publisher: fit(HOSTILE_PAYLOADS[4], 120),
        snippets: HOSTILE_PAYLOADS.map((p, i) => ({
          id: `s${i}`,
          title: safeTitle(p, i),
          body: safeBody(p, i),
          channels: ['x'],
          tags: ['hostile'],
        })),
      },
      key.privateKey,
      key.publicJwk,
    );
    expect(await send('packs.trustKey', { label: HOSTILE_PAYLOADS[0], jwk: key.publicJwk })).toMatchObject({ ok: true });
    expect(await send('packs.install', { document: pack })).toMatchObject({ ok: true, data: { status: 'installed' } });

    const options = mount();
    render(h(SnippetSettings, {}), options);
    await until(
      () => options.textContent!.includes('hostile-pack') || options.textContent!.includes(fit(HOSTILE_PAYLOADS[1], 30)),
      'pack list',
    );
    inert(options);
    expect(options.textContent).toContain(fit(HOSTILE_PAYLOADS[1], 40));
    render(null, options);

    const palette = mount();
    render(
      h(SnippetPalette, {
        search: async (query: string) => (await request('snippets.search', { query, channel: 'x', key: null, limit: 50 })).results,
        render: async (id: string, answers: Record<string, string>) => request('snippets.render', { id, key: null, channel: 'x', answers }),
        insert: async () => true,
        onClose: () => {},
        channelLabel: 'X',
        teamLanguage: 'en',
      }),
      palette,
    );
    await until(() => palette.querySelectorAll('li').length >= 20, 'palette results');
    inert(palette);
    const titles = palette.textContent!.replace(/\s+/g, ' ');
    const shownTitles = HOSTILE_PAYLOADS.map(safeTitle).filter((t) => titles.includes(t.replace(/\s+/g, ' ').slice(0, 30)));
    expect(shownTitles.length).toBeGreaterThanOrEqual(20);
    render(null, palette);
  });

  it('the toolbar’s customer chip: author names and tiers as text, same shape for every payload', () => {
    let baseline: Record<string, number> | null = null;
    for (const [i, p] of HOSTILE_PAYLOADS.entries()) {
      const el = mount();
      const handlers = { act: () => {}, undo: () => {}, undoExpired: () => {}, customer: () => {}, snippets: () => {} };
      const row = createToolbarRow(
        document,
        handlers,
        { customerName: fit(p, 300) || 'Customer', badge: { tier: fit(p, 60), open: 2 } },
        { loadPanels: () => rowPanels },
      );
      el.append(row.root);
      inert(el);
      expect(el.textContent, payloadName(p, i)).toContain((fit(p, 300) || 'Customer').slice(0, 50));
      const s = shape(el);
      baseline ??= s;
      expect(s, payloadName(p, i)).toEqual(baseline);
      row.destroy();
      el.remove();
    }
  });
});
