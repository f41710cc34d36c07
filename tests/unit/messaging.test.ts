import { describe, expect, it } from 'vitest';
import type { CarebarDB } from '../../lib/background/db/schema';
import type { ChangeNotice } from '../../lib/shared/messaging/protocol';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import { freshFactory, openDb, post } from './helpers/db';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';
const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const optionsPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 4, url: `${ORIGIN}options.html` } };
const sidePanel: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}sidepanel.html` };

function setup() {
  const db = openDb(freshFactory());
  const broadcasts: ChangeNotice[] = [];
  const ctx = serverContext(db, { broadcast: (i) => broadcasts.push(i) });
  const send = (type: string, payload: unknown, sender: SenderInfo = contentScript) =>
    handleRequest({ carebar: 1, type, payload }, sender, ctx);
  return { db, ctx, send, broadcasts };
}

async function nothingWritten(db: CarebarDB) {
  expect(await db.items.count()).toBe(0);
  expect(await db.events.count()).toBe(0);
  expect(await db.settings.count()).toBe(0);
}

describe('message API validation', () => {
  it('accepts a valid batch of seen posts and returns their rows', async () => {
    const { send } = setup();
    const reply = await send('items.seen', { posts: [post({ postId: '1852311426666537322' })] });
    expect(reply).toMatchObject({ ok: true, data: { items: [{ key: 'x:1852311426666537322', state: 'new' }] } });
  });

  const badPayloads: [string, string, unknown][] = [
    ['a post whose key does not match channel:postId', 'items.seen', { posts: [{ ...post({ postId: '1' }), key: 'x:2' }] }],
    ['an unknown channel', 'items.seen', { posts: [{ ...post({ postId: '1' }), channel: 'tiktok', key: 'tiktok:1' }] }],
    ['a javascript: permalink', 'items.seen', { posts: [{ ...post({ postId: '1' }), permalink: 'javascript:alert(1)' }] }],
    ['a non-ISO time', 'items.seen', { posts: [{ ...post({ postId: '1' }), postedAt: 'yesterday' }] }],
    ['a huge text', 'items.seen', { posts: [post({ postId: '1', text: 'x'.repeat(60_000) })] }],
    ['too many posts', 'items.seen', { posts: Array.from({ length: 201 }, (_, i) => post({ postId: String(i + 1) })) }],
    ['posts that is not an array', 'items.seen', { posts: 'all of them' }],
    ['a missing payload field', 'items.setState', { to: 'claimed' }],
    ['an unknown state', 'items.setState', { key: 'x:1', to: 'deleted' }],
    ['a key with HTML in it', 'items.setState', { key: 'x:<img src=x onerror=alert(1)>', to: 'claimed' }],
    ['a prototype-polluting payload', 'items.setState', JSON.parse('{"__proto__": {"admin": true}, "key": "x:1"}')],
  ];
  for (const [what, type, payload] of badPayloads) {
    it(`rejects ${what} with a typed error and writes nothing`, async () => {
      const { db, send } = setup();
      const reply = await send(type, payload);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid');
        expect(reply.error.issues?.length).toBeGreaterThan(0);
      }
      await nothingWritten(db);
    });
  }

  it('rejects messages that are not Carebar requests, and unknown types', async () => {
    const { ctx, send } = setup();
    expect(await handleRequest('hello', contentScript, ctx)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await handleRequest(null, contentScript, ctx)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await send('toString', {})).toMatchObject({ ok: false, error: { code: 'unknown-type' } });
    expect(await send('items.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown-type' } });
  });

  it('rejects senders from another extension', async () => {
    const { db, send } = setup();
    const reply = await send('items.seen', { posts: [post({ postId: '1' })] }, { ...contentScript, id: 'someone-else' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await nothingWritten(db);
  });

  it('accepts privileged requests only from the extension’s own pages', async () => {
    const { db, send } = setup();
    const fromContent = await send('settings.update', { settings: { agentName: 'Mallory' } });
    expect(fromContent).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A web page in a tab whose frame claims an extension URL is still not an extension page.
    const spoofed = await send(
      'settings.update',
      { settings: { agentName: 'Mallory' } },
      { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 1, url: 'https://x.com/' } },
    );
    expect(spoofed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await nothingWritten(db);

    expect(await send('settings.update', { settings: { agentName: 'Sam' } }, optionsPage)).toMatchObject({
      ok: true,
      data: { settings: { agentName: 'Sam' } },
    });
    expect(await send('settings.update', { settings: { agentInitials: 'SK' } }, sidePanel)).toMatchObject({
      ok: true,
      data: { settings: { agentName: 'Sam', agentInitials: 'SK' } },
    });
    expect(await send('settings.get', {})).toMatchObject({ ok: true, data: { settings: { agentName: 'Sam', agentInitials: 'SK' } } });
  });

  it('changes state with the agent from settings, appends an event and broadcasts the row', async () => {
    const { send, broadcasts } = setup();
    await send('settings.update', { settings: { agentName: 'Sam' } }, optionsPage);
    await send('items.seen', { posts: [post({ postId: '42' })] });
    const reply = await send('items.setState', { key: 'x:42', to: 'claimed' });
    expect(reply).toMatchObject({
      ok: true,
      data: { item: { state: 'claimed', agent: 'Sam' }, event: { from: 'new', to: 'claimed', agent: 'Sam' } },
    });
    // settings.update broadcast first, then the item change.
    expect(broadcasts.map((b) => b.type)).toEqual(['settings.changed', 'items.changed']);
    expect(broadcasts[1]).toMatchObject({ items: [{ key: 'x:42', state: 'claimed' }] });
    const history = await send('items.history', { key: 'x:42' });
    expect(history).toMatchObject({ ok: true, data: { events: [{ to: 'claimed' }] } });
  });

  it('answers not-found for a state change on an unknown item, writing nothing', async () => {
    const { db, send, broadcasts } = setup();
    expect(await send('items.setState', { key: 'x:999', to: 'claimed' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(broadcasts).toHaveLength(0);
    await nothingWritten(db);
  });
});

describe('settings defaults', () => {
  it('the defaults themselves pass the settings validation (the options page saves them back)', async () => {
    const { send } = setup();
    const { DEFAULT_SETTINGS } = await import('../../lib/shared/settings');
    const reply = await send(
      'settings.update',
      { settings: { ...DEFAULT_SETTINGS, setupDone: true } },
      { id: RUNTIME_ID, url: `${ORIGIN}options.html` },
    );
    expect(reply).toMatchObject({ ok: true });
  });
});
