import { describe, expect, it } from 'vitest';
import { writeCustomers } from '../../lib/background/crm/store';
import { handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { freshFactory, openDb, post } from './helpers/db';

// Issue 11, finding 3: a framed customer card acts only with the token the background gave the toolbar that opened
// it, for that tab and that item.

const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
const page = (tabId: number): SenderInfo => ({ id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: tabId, url: 'https://x.com/home' } });
const card = (tabId: number): SenderInfo => ({
  id: RUNTIME_ID,
  url: `${ORIGIN}customer-card.html#key=x:1`,
  tab: { id: tabId, url: 'https://x.com/home' },
});
const optionsPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 9, url: `${ORIGIN}options.html` } };

async function setup() {
  const db = openDb(freshFactory());
  const ctx: ServerContext = { db, runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, version: '0', startedAt: '', broadcast: () => {} };
  const send = (type: string, payload: unknown, sender: SenderInfo, cardToken?: string) =>
    handleRequest({ carebar: 1, type, payload, ...(cardToken ? { cardToken } : {}) }, sender, ctx);
  await send('items.seen', { posts: [post({ postId: '1', authorHandle: 'sam' }), post({ postId: '2', authorHandle: 'other' })] }, page(3));
  await writeCustomers(
    db,
    [
      {
        row: 1,
        customer: { id: 'c-sam', name: 'Sam Rivera', handles: ['x:sam'], tier: 'Gold', lifetimeValue: null, notes: null, tags: [] },
      },
      { row: 2, customer: { id: 'c-other', name: 'Other', handles: ['x:other'], tier: null, lifetimeValue: null, notes: null, tags: [] } },
    ],
    'import',
  );
  const token = async (tabId: number, key: string) => {
    const reply = await send('customers.cardToken', { key }, page(tabId));
    expect(reply).toMatchObject({ ok: true });
    return (reply as { data: { token: string } }).data.token;
  };
  return { db, send, token };
}

describe('the framed card is bound to the toolbar that opened it', () => {
  it('a card without a token (framed by the page itself) can do nothing', async () => {
    const { db, send } = await setup();
    for (const [type, payload] of [
      ['customers.card', { key: 'x:1' }],
      ['customers.search', { query: 'sam' }],
      ['customers.forget', { customerId: 'c-sam' }],
      ['customers.note', { customerId: 'c-sam', note: 'hi' }],
      ['customers.link', { customerId: 'c-other', identityKey: 'x:sam' }],
    ] as const) {
      expect(await send(type, payload, card(3)), type).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await db.items.count()).toBe(2);
  });

  it('with its token the card works for its item, in its tab only', async () => {
    const { send, token } = await setup();
    const t = await token(3, 'x:1');
    expect(await send('customers.card', { key: 'x:1' }, card(3), t)).toMatchObject({
      ok: true,
      data: { card: { customer: { id: 'c-sam' } } },
    });
    expect(await send('customers.search', { query: 'sam' }, card(3), t)).toMatchObject({ ok: true });
    expect(await send('customers.card', { key: 'x:1' }, card(4), t)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send('customers.card', { key: 'x:2' }, card(3), t)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send('customers.card', { key: 'x:1' }, card(3), `${t.slice(0, -2)}xx`)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('the token reaches only its own customer: forget, note and link of another are refused', async () => {
    const { db, send, token } = await setup();
    const t = await token(3, 'x:1');
    expect(await send('customers.forget', { customerId: 'c-other' }, card(3), t)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await send('customers.forget', { identityKey: 'x:other' }, card(3), t)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await send('customers.note', { customerId: 'c-other', note: 'x' }, card(3), t)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await send('customers.link', { customerId: 'c-sam', identityKey: 'x:other' }, card(3), t)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await db.items.count()).toBe(2);
    expect(await send('customers.note', { customerId: 'c-sam', note: 'called back' }, card(3), t)).toMatchObject({ ok: true });
    expect(await send('customers.forget', { customerId: 'c-sam' }, card(3), t)).toMatchObject({ ok: true });
  });

  it('a token is asked for by a content script on the item’s site, never by a page of another site or the card', async () => {
    const { send } = await setup();
    const fb: SenderInfo = { id: RUNTIME_ID, url: 'https://www.facebook.com/', tab: { id: 3, url: 'https://www.facebook.com/' } };
    expect(await send('customers.cardToken', { key: 'x:1' }, fb)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send('customers.cardToken', { key: 'x:1' }, card(3))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('extension pages in their own tab (options, side panel) need no token', async () => {
    const { send } = await setup();
    expect(await send('customers.search', { query: 'sam' }, optionsPage)).toMatchObject({ ok: true });
  });
});
