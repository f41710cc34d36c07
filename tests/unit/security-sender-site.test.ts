import { describe, expect, it } from 'vitest';
import { handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { FACEBOOK_MATCHES, X_MATCHES } from '../../lib/shared/sites/matches';
import { freshFactory, openDb, post } from './helpers/db';

// Issue 11, finding 7: a content script speaks for its own site only. Hosts come from the content scripts' matches.

const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
const pageOn = (url: string): SenderInfo => ({ id: RUNTIME_ID, url, tab: { id: 3, url } });
const fromX = pageOn('https://x.com/home');
const fromFacebook = pageOn('https://www.facebook.com/');
const sidePanel: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}sidepanel.html` };
const hostsOf = (patterns: string[]) => patterns.map((p) => new URL(p.replace('*.', 'www.').replace(/\*$/, '')).hostname);

function setup() {
  const db = openDb(freshFactory());
  const ctx: ServerContext = { db, runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, version: '0', startedAt: '', broadcast: () => {} };
  const send = (type: string, payload: unknown, sender: SenderInfo) => handleRequest({ carebar: 1, type, payload }, sender, ctx);
  return { db, send };
}
const fbPost = () =>
  post({
    postId: '1234567890',
    channel: 'facebook',
    permalink: 'https://www.facebook.com/AcmeSupport/posts/1234567890',
    authorHandle: 'jane.doe',
  });

describe('content-script requests are checked against the sender tab’s site', () => {
  it('the x.com script cannot create or change Facebook items', async () => {
    const { db, send } = setup();
    expect(await send('items.seen', { posts: [fbPost()] }, fromX)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await db.items.count()).toBe(0);
    expect(await send('items.seen', { posts: [fbPost()] }, fromFacebook)).toMatchObject({ ok: true });
    const key = 'facebook:1234567890';
    for (const [type, payload] of [
      ['items.setState', { key, to: 'claimed' }],
      ['items.note', { key, note: 'x' }],
      ['items.brandReplied', { key, source: 'thread', replyKey: null, by: null, at: null }],
      ['items.history', { key }],
      ['items.get', { keys: ['x:1', key] }],
      ['dm.open', { key }],
      ['dm.reply', { key, kind: 'dm-request' }],
      ['snippets.search', { query: 'hi', channel: 'x', key }],
      ['customers.badge', { authors: [{ channel: 'facebook', handle: 'jane.doe', id: null }] }],
      ['accounts.seen', { channel: 'facebook', handle: 'someone' }],
      ['detect.text', { text: 'hi', role: 'post', channel: 'facebook' }],
      ['items.queue', { channel: 'facebook' }],
    ] as const) {
      expect(await send(type, payload, fromX), type).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await db.items.get(key))?.state).toBe('new');
    expect(await db.events.count()).toBe(0);
  });

  it('undo of another site’s event is refused', async () => {
    const { db, send } = setup();
    await send('items.seen', { posts: [fbPost()] }, fromFacebook);
    const claimed = await send('items.setState', { key: 'facebook:1234567890', to: 'claimed' }, fromFacebook);
    const eventId = (claimed as { data: { event: { id: string } } }).data.event.id;
    expect(await send('items.undo', { eventId }, fromX)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await db.items.get('facebook:1234567890'))?.state).toBe('claimed');
  });

  it('a content script’s queue is its own site’s; an extension page sees every site', async () => {
    const { send } = setup();
    await send('items.seen', { posts: [fbPost()] }, fromFacebook);
    await send('items.seen', { posts: [post({ postId: '77' })] }, fromX);
    const keys = (r: unknown) => (r as { data: { items: { key: string }[] } }).data.items.map((i) => i.key).sort();
    expect(keys(await send('items.queue', {}, fromX))).toEqual(['x:77']);
    expect(keys(await send('items.queue', {}, sidePanel))).toEqual(['facebook:1234567890', 'x:77']);
  });

  it('every host the content scripts match speaks for its channel; other pages for none', async () => {
    const { send } = setup();
    for (const host of hostsOf(X_MATCHES)) {
      expect(await send('items.seen', { posts: [post({ postId: '5' })] }, pageOn(`https://${host}/home`)), host).toMatchObject({
        ok: true,
      });
      expect(await send('items.seen', { posts: [fbPost()] }, pageOn(`https://${host}/home`)), host).toMatchObject({ ok: false });
    }
    for (const host of hostsOf(FACEBOOK_MATCHES)) {
      expect(await send('items.seen', { posts: [fbPost()] }, pageOn(`https://${host}/`)), host).toMatchObject({ ok: true });
      expect(await send('items.seen', { posts: [post({ postId: '6' })] }, pageOn(`https://${host}/`)), host).toMatchObject({ ok: false });
    }
    expect(await send('ping', {}, pageOn('https://evil.example/'))).toMatchObject({ ok: true });
    expect(await send('items.seen', { posts: [post({ postId: '7' })] }, pageOn('https://evil.example/'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A look-alike host is not the site.
    expect(await send('items.seen', { posts: [post({ postId: '8' })] }, pageOn('https://x.com.evil.example/'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
