import { IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, SCHEMA_VERSIONS } from '../../lib/background/db/schema';

/** The last schema version before events got sequence numbers (later versions may add tables on top). */
const BEFORE_SEQUENCES = SCHEMA_VERSIONS.find((v) => v.stores.events?.includes('seq'))!.version - 1;
import { handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { generateSigningKey, signPack, type Pack } from '../../lib/shared/snippets/pack-format';
import { freshFactory, openDb, post } from './helpers/db';

// Issue 11, faults: the service worker stopped in the middle of a handler and between requests while claiming; the
// browser refusing storage (quota) during a state change, a pack update and a schema upgrade. Nothing is lost,
// nothing is applied twice, and the answer is a message the agent can read.

const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
const X: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const OPTIONS: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html` };

/** A background over the database in `factory`: a new one per call is a restarted service worker. */
function background(factory: ReturnType<typeof freshFactory>, upTo?: number) {
  const db = openDb(factory, upTo);
  const ctx: ServerContext = {
    db,
    runtimeId: RUNTIME_ID,
    extensionOrigin: ORIGIN,
    version: '0',
    startedAt: new Date().toISOString(),
    broadcast: () => {},
  };
  const send = (type: string, payload: unknown, sender: SenderInfo = X) => handleRequest({ carebar: 1, type, payload }, sender, ctx);
  return { db, send };
}

/** The browser refuses every write (QuotaExceededError) while `on`. */
const quota = { on: false };
const realPut = IDBObjectStore.prototype.put;
const realAdd = IDBObjectStore.prototype.add;
for (const [name, real] of [
  ['put', realPut],
  ['add', realAdd],
] as const) {
  (IDBObjectStore.prototype as unknown as Record<string, unknown>)[name] = function (this: IDBObjectStore, ...args: unknown[]) {
    if (quota.on) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return (real as (...a: unknown[]) => IDBRequest).apply(this, args);
  };
}
afterEach(() => {
  quota.on = false;
});

const claimedEvents = async (db: ReturnType<typeof openDb>, key: string) =>
  (await db.events.where('itemKey').equals(key).toArray()).filter((e) => e.to === 'claimed');

describe('the service worker stopped', () => {
  it('in the middle of a claim: the claim is all or nothing, and the retry after the restart lands once', async () => {
    const factory = freshFactory();
    const first = background(factory);
    await first.send('items.seen', { posts: [post({ postId: '1' })] });
    // The worker is stopped while the claim's transaction is open: the database connection goes with it.
    const pending = first.send('items.setState', { key: 'x:1', to: 'claimed' });
    first.db.close();
    const reply = await pending;
    const second = background(factory);
    const claimed = await claimedEvents(second.db, 'x:1');
    const item = await second.db.items.get('x:1');
    // Either it landed whole (row and event) or not at all.
    expect(claimed.length === 1 ? item?.state : 'new').toBe(item?.state);
    if (reply.ok) expect(claimed).toHaveLength(1);
    // The client's retry after the restart: applied once in total, and a refused repeat says why.
    const retry = await second.send('items.setState', { key: 'x:1', to: 'claimed' });
    expect(await claimedEvents(second.db, 'x:1')).toHaveLength(1);
    expect((await second.db.items.get('x:1'))?.state).toBe('claimed');
    if (!retry.ok) expect(retry.error).toMatchObject({ code: 'rejected', message: expect.stringMatching(/claimed/) });
  });

  it('between the claim and the next request: nothing lost, the repeat is not applied twice', async () => {
    const factory = freshFactory();
    const first = background(factory);
    await first.send('items.seen', { posts: [post({ postId: '2' })] });
    expect(await first.send('items.setState', { key: 'x:2', to: 'claimed' })).toMatchObject({ ok: true });
    first.db.close(); // stopped
    const second = background(factory);
    expect(await second.send('items.get', { keys: ['x:2'] })).toMatchObject({ ok: true, data: { items: [{ state: 'claimed' }] } });
    expect(await second.send('items.setState', { key: 'x:2', to: 'claimed' })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await claimedEvents(second.db, 'x:2')).toHaveLength(1);
  });
});

describe('storage quota', () => {
  it('during a state change: a storage message, the item and its history unchanged', async () => {
    const { db, send } = background(freshFactory());
    await send('items.seen', { posts: [post({ postId: '3' })] });
    quota.on = true;
    const reply = await send('items.setState', { key: 'x:3', to: 'claimed' });
    quota.on = false;
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/storage|quota/i) } });
    expect((await db.items.get('x:3'))?.state).toBe('new');
    expect(await db.events.count()).toBe(0);
    expect(await send('items.setState', { key: 'x:3', to: 'claimed' })).toMatchObject({ ok: true });
    expect(await claimedEvents(db, 'x:3')).toHaveLength(1);
  });

  it('during a pack update: a storage message, the installed version stays in force', async () => {
    const { db, send } = background(freshFactory());
    const key = await generateSigningKey();
    const pack = (version: string) =>
      signPack(
        {
          id: 'acme-care',
          name: 'Acme care',
          version,
          publishedAt: '2026-11-01T09:00:00Z',
          publisher: 'Acme',
          snippets: [{ id: 'refund', title: `Refund ${version}`, body: 'Approved.', channels: ['x'], tags: [] }],
        } as Omit<Pack, 'signature'>,
        key.privateKey,
        key.publicJwk,
      );
    expect(await send('packs.trustKey', { label: 'Acme', jwk: key.publicJwk }, OPTIONS)).toMatchObject({ ok: true });
    expect(await send('packs.install', { document: await pack('1.0.0') }, OPTIONS)).toMatchObject({ ok: true });
    quota.on = true;
    const reply = await send('packs.install', { document: await pack('1.1.0') }, OPTIONS);
    quota.on = false;
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage' } });
    expect((await db.packs.get('acme-care'))?.version).toBe('1.0.0');
    expect(await send('snippets.search', { query: 'refund', channel: 'x', key: null })).toMatchObject({
      ok: true,
      data: { results: [{ title: 'Refund 1.0.0' }] },
    });
    expect(await send('packs.install', { document: await pack('1.1.0') }, OPTIONS)).toMatchObject({
      ok: true,
      data: { status: 'installed' },
    });
  });

  it('during a schema upgrade: a storage message, the old data intact, the upgrade done once room is back', async () => {
    const factory = freshFactory();
    // A database written by the previous version of Carebar.
    const old = openDb(factory, BEFORE_SEQUENCES);
    await old.table('items').put({ key: 'x:4', state: 'claimed', channel: 'x', postedAt: '2026-11-27T10:00:00.000Z' });
    await old
      .table('events')
      .put({ id: 'e1', itemKey: 'x:4', from: 'new', to: 'claimed', at: '2026-11-27T10:01:00.000Z', agent: null, note: null });
    old.close();

    quota.on = true;
    const upgrading = background(factory);
    const reply = await upgrading.send('items.get', { keys: ['x:4'] });
    quota.on = false;
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/storage|quota/i) } });
    upgrading.db.close();

    const reopened = background(factory);
    expect(await reopened.send('items.get', { keys: ['x:4'] })).toMatchObject({ ok: true, data: { items: [{ state: 'claimed' }] } });
    expect(reopened.db.verno).toBe(LATEST_VERSION);
    expect(await claimedEvents(reopened.db, 'x:4')).toHaveLength(1);
  });
});
