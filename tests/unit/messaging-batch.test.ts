// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleMessage, type SenderInfo } from '../../lib/background/server';
import { request } from '../../lib/shared/messaging/client';
import { BATCH, BATCH_MAX } from '../../lib/shared/messaging/ports';
import { CarebarRequestError } from '../../lib/shared/messaging/errors';
import { createItemStore } from '../../lib/content/item-store';
import { createBadgeStore } from '../../lib/content/customer-badges';
import { createDmReasons } from '../../lib/content/dm-reasons';
import { createRequestBatcher } from '../../lib/content/request-batcher';
import { xAdapter } from '../../lib/content/sites/x';
import type { EngagementCounts } from '../../lib/shared/viral';
import { freshFactory, openDb, post } from './helpers/db';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';
import { dropRequestsPorts, serveRequestsPort } from './helpers/requests-port';

const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const optionsPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 4, url: `${ORIGIN}options.html` } };
const one = (type: string, payload: unknown = {}) => ({ carebar: 1, type, payload });
const batch = (...requests: unknown[]) => ({ carebar: 1, type: BATCH, requests });

function setup() {
  const db = openDb(freshFactory());
  return { db, ctx: serverContext(db) };
}

describe('batched messages: the background', () => {
  it('answers each request of a batch as if sent alone, in order, one failing never failing the others', async () => {
    const { db, ctx } = setup();
    const replies = await handleMessage(
      batch(
        one('items.seen', { posts: [post({ postId: '11' })] }),
        one('items.seen', { posts: 'all of them' }),
        one('no.such.request'),
        'not a request',
        one('ping'),
      ),
      contentScript,
      ctx,
    );
    expect(Array.isArray(replies) && replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'ok',
      'invalid',
      'unknown-type',
      'invalid',
      'ok',
    ]);
    expect(await db.items.count()).toBe(1);
  });

  it('refuses privileged and other-site requests inside a batch from a content script, request by request', async () => {
    const { db, ctx } = setup();
    const fromPage = await handleMessage(
      batch(
        one('settings.update', { settings: { quietNotifications: true } }),
        one('snippets.list'),
        one('customers.badge', { authors: [{ channel: 'facebook', handle: 'jane.doe', id: null }] }),
        one('items.seen', { posts: [post({ postId: '13' })] }),
      ),
      contentScript,
      ctx,
    );
    expect(Array.isArray(fromPage) && fromPage.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
      'ok',
    ]);
    expect((await db.items.toArray()).map((i) => i.key)).toEqual(['x:13']);
    expect(await db.settings.count()).toBe(0);
    // The same privileged request in a batch from Carebar's own page is accepted.
    const fromOptions = await handleMessage(batch(one('snippets.list'), one('ping')), optionsPage, ctx);
    expect(Array.isArray(fromOptions) && fromOptions.every((r) => r.ok)).toBe(true);
  });

  it('refuses a batch inside a batch as that entry’s answer, and the batch of another extension whole', async () => {
    const { db, ctx } = setup();
    const nested = await handleMessage(
      batch(batch(one('items.seen', { posts: [post({ postId: '14' })] })), one('ping')),
      contentScript,
      ctx,
    );
    expect(nested).toMatchObject([
      { ok: false, error: { code: 'invalid', message: expect.stringMatching(/another batch/) } },
      { ok: true },
    ]);
    const stranger = await handleMessage(
      batch(one('items.seen', { posts: [post({ postId: '15' })] })),
      { ...contentScript, id: 'other' },
      ctx,
    );
    expect(stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await db.items.count()).toBe(0);
  });

  const malformed: [string, unknown][] = [
    ['requests missing', { carebar: 1, type: BATCH }],
    ['requests not a list', { carebar: 1, type: BATCH, requests: { 0: one('ping'), length: 1 } }],
    ['requests null', { carebar: 1, type: BATCH, requests: null }],
    ['an empty batch', batch()],
    [
      'one request too many',
      batch(...Array.from({ length: BATCH_MAX + 1 }, (_, i) => one('items.seen', { posts: [post({ postId: String(i + 1) })] }))),
    ],
    ['no carebar mark', { type: BATCH, requests: [one('items.seen', { posts: [post({ postId: '16' })] })] }],
  ];
  for (const [what, message] of malformed) {
    it(`refuses a malformed batch whole and writes nothing: ${what}`, async () => {
      const { db, ctx } = setup();
      const reply = await handleMessage(message, contentScript, ctx);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/batch/) } });
      expect(await db.items.count()).toBe(0);
    });
  }

  it('takes a full batch of BATCH_MAX requests', async () => {
    const { db, ctx } = setup();
    const reply = await handleMessage(
      batch(...Array.from({ length: BATCH_MAX }, (_, i) => one('items.seen', { posts: [post({ postId: String(i + 1) })] }))),
      contentScript,
      ctx,
    );
    expect(Array.isArray(reply) && reply.length === BATCH_MAX && reply.every((r) => r.ok)).toBe(true);
    expect(await db.items.count()).toBe(BATCH_MAX);
  });
});

describe('batched messages: the content script', () => {
  afterEach(() => {
    dropRequestsPorts();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  /** The real server behind the requests port, as a content script on x.com reaches it; counts the messages. */
  function wire(fail?: (message: unknown) => Error | null) {
    const { db, ctx } = setup();
    const sent: unknown[] = [];
    serveRequestsPort((message) => {
      sent.push(message);
      const err = fail?.(message);
      if (err) throw err;
      return handleMessage(message, contentScript, ctx);
    });
    return { db, sent };
  }

  it('sends requests made in one turn as one message; each caller gets its own answer or error', async () => {
    const { sent } = wire();
    const [seen, bad, pong] = await Promise.allSettled([
      request('items.seen', { posts: [post({ postId: '21' })] }),
      request('items.seen', { posts: 'all of them' as never }),
      request('ping', {}),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: BATCH, requests: [{ type: 'items.seen' }, { type: 'items.seen' }, { type: 'ping' }] });
    expect(seen).toMatchObject({ status: 'fulfilled', value: { items: [{ key: 'x:21' }] } });
    expect(bad.status === 'rejected' && bad.reason instanceof CarebarRequestError && bad.reason.code).toBe('invalid');
    expect(pong.status).toBe('fulfilled');
    // Alone, a request travels as itself.
    await request('ping', {});
    expect(sent[1]).toMatchObject({ carebar: 1, type: 'ping' });
  });

  it('a refused privileged request fails alone; the batch is retried whole after a transient failure', async () => {
    let drops = 1;
    const { sent } = wire(() => (drops-- > 0 ? new Error('the service worker stopped') : null));
    const [list, seen] = await Promise.allSettled([
      request('snippets.list', {}),
      request('items.seen', { posts: [post({ postId: '22' })] }),
    ]);
    expect(list.status === 'rejected' && (list.reason as CarebarRequestError).code).toBe('forbidden');
    expect(seen).toMatchObject({ status: 'fulfilled', value: { items: [{ key: 'x:22' }] } });
    expect(sent).toHaveLength(2); // the dropped batch, then the same two again together
    expect(sent[1]).toMatchObject({ type: BATCH, requests: [{ type: 'snippets.list' }, { type: 'items.seen' }] });
  });

  it('splits more requests than a batch holds into several batches', async () => {
    const { sent } = wire();
    await Promise.all(Array.from({ length: BATCH_MAX + 2 }, () => request('ping', {})));
    expect(sent.map((m) => (m as { requests?: unknown[] }).requests?.length ?? 1)).toEqual([BATCH_MAX, 2]);
  });

  it('a screen of posts mounted together (items seen, DM reasons, badges, viral samples) costs one message', async () => {
    const { sent } = wire();
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    const items = createItemStore(request, onError);
    const reasons = createDmReasons({
      adapter: xAdapter,
      doc: document,
      request,
      settings: { get: () => null },
      onError,
      readPost: (el) => xAdapter.readPost(el, document.location),
    });
    const badges = createBadgeStore((authors) => request('customers.badge', { authors }).then((r) => r.badges), onError);
    const viral = createRequestBatcher<{ key: string; counts: EngagementCounts }>({
      windowMs: 1000,
      limit: 200,
      send: async (samples) => void (await request('viral.samples', { samples })),
      onError,
    });
    const posts = Array.from({ length: 8 }, (_, i) =>
      post({ postId: String(31 + i), text: i % 2 ? 'my order 12345 never came, email me at a@b.example' : 'hello' }),
    );
    const found: Promise<unknown>[] = [];
    const rows: string[] = [];
    for (const p of posts) {
      items.seen(p);
      items.subscribe(p.key, (row) => rows.push(row.key));
      found.push(reasons(p));
      badges.subscribe({ channel: 'x', handle: p.authorHandle, id: null }, () => {});
      viral.add(p.key, { key: p.key, counts: { replies: 1, reposts: 0, likes: 3, views: 40, authorFollowers: null } });
    }
    await Promise.all(found);
    await viral.settled();
    await vi.waitFor(() => expect(rows).toHaveLength(8));
    expect(errors).toEqual([]);
    expect(sent).toHaveLength(1);
    expect((sent[0] as { requests: { type: string }[] }).requests.map((r) => r.type).sort()).toEqual([
      'customers.badge',
      'detect.posts',
      'items.seen',
      'viral.samples',
    ]);
  });
});
