import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CrmError } from '../../lib/background/crm/http';
import { hubspotConnector, restConnector, zendeskConnector } from '../../lib/background/crm/remote';
import { cachedLookup, createLimiter } from '../../lib/background/crm/service';
import type { CrmConnector, CrmIdentity } from '../../lib/shared/crm/connector';
import { handleRequest, type SenderInfo } from '../../lib/background/server';
import { freshFactory, openDb, post } from './helpers/db';
import { ORIGIN, RUNTIME_ID, serverContext } from './helpers/server';

// A real HTTP server per file; each test says how it answers. Responses follow the vendors' documented shapes.
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler;
let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections(); // the never-answering handler leaves sockets open
      server.close(() => r());
    }),
);
beforeEach(() => {
  seen.length = 0;
});

const json =
  (status: number, value: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, _body, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(typeof value === 'string' ? value : JSON.stringify(value));
  };

const SAM: CrmIdentity = { channel: 'x', handle: 'AcmeCustomer', id: null, name: 'Sam Rivera' };

const hubspot = (timeoutMs?: number) =>
  hubspotConnector({ kind: 'hubspot', baseUrl: base, handleProperty: 'twitterhandle' }, { token: 'pat-secret', timeoutMs });
const zendesk = (timeoutMs?: number) =>
  zendeskConnector({ kind: 'zendesk', baseUrl: base, auth: 'basic', email: 'agent@acme.example' }, { token: 'zd-token', timeoutMs });
const rest = (timeoutMs?: number) =>
  restConnector(
    {
      kind: 'rest',
      urlTemplate: `${base}/api/customers/lookup?channel={channel}&handle={handle}&id={id}`,
      authHeader: 'X-Api-Key',
      fields: {
        record: 'data.customer',
        id: 'id',
        name: 'profile.name',
        tier: 'segment',
        lifetimeValue: 'ltv',
        notes: 'notes',
        tags: 'tags',
        orders: 'orders',
        tickets: 'tickets',
      },
    },
    { token: 'rest-key', timeoutMs },
  );

const HUBSPOT_FOUND = {
  total: 1,
  results: [
    {
      id: '51',
      properties: {
        firstname: 'Sam',
        lastname: 'Rivera',
        email: 'sam.rivera@example.com',
        twitterhandle: 'AcmeCustomer',
        lifecyclestage: 'customer',
        total_revenue: '4820.50',
        hs_object_id: '51',
      },
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      archived: false,
    },
  ],
};

describe('HubSpot connector (CRM v3 contacts search)', () => {
  it('searches the Twitter-handle property with the private-app token and maps the contact', async () => {
    handler = json(200, HUBSPOT_FOUND);
    const found = await hubspot().lookup(SAM);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/crm/v3/objects/contacts/search' });
    expect(seen[0].headers.authorization).toBe('Bearer pat-secret');
    const body = JSON.parse(seen[0].body);
    expect(body.filterGroups).toEqual([
      { filters: [{ propertyName: 'twitterhandle', operator: 'EQ', value: 'AcmeCustomer' }] },
      { filters: [{ propertyName: 'twitterhandle', operator: 'EQ', value: '@AcmeCustomer' }] },
    ]);
    expect(found).toMatchObject({
      match: 'handle',
      customer: { id: 'hubspot:51', name: 'Sam Rivera', tier: 'customer', lifetimeValue: 4820.5 },
    });
    expect(found!.customer.handles).toEqual(expect.arrayContaining(['x:acmecustomer', 'email:sam.rivera@example.com']));
  });

  it('no contact is null, not an error', async () => {
    handler = json(200, { total: 0, results: [] });
    expect(await hubspot().lookup(SAM)).toBeNull();
  });

  it('unexpected JSON is a "mapping did not match" error', async () => {
    handler = json(200, { contacts: [] });
    await expect(hubspot().lookup(SAM)).rejects.toMatchObject({ kind: 'mapping', message: expect.stringMatching(/did not match/) });
    handler = json(200, { results: [{ id: '1', properties: { firstname: { nested: true } } }] });
    await expect(hubspot().lookup(SAM)).rejects.toMatchObject({ kind: 'mapping' });
  });
});

describe('Zendesk connector (users search, requested tickets)', () => {
  it('finds the user, then their requested tickets, with Basic email/token auth', async () => {
    handler = (req, body, res) => {
      if (req.url!.startsWith('/api/v2/users/search.json'))
        return json(200, {
          users: [
            { id: 35436, name: 'Sam Rivera', email: 'sam.rivera@example.com', tags: ['vip'], notes: 'Prefers DMs', role: 'end-user' },
          ],
          next_page: null,
          previous_page: null,
          count: 1,
        })(req, body, res);
      if (req.url === '/api/v2/users/35436/tickets/requested.json')
        return json(200, {
          tickets: [
            { id: 1182, subject: 'Where is order #48213?', status: 'open' },
            { id: 900, subject: 'Old', status: 'solved' },
          ],
          next_page: null,
          count: 2,
        })(req, body, res);
      json(404, { error: 'RecordNotFound' })(req, body, res);
    };
    const found = await zendesk().lookup(SAM);
    expect(seen.map((s) => s.url)).toEqual(['/api/v2/users/search.json?query=AcmeCustomer', '/api/v2/users/35436/tickets/requested.json']);
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from('agent@acme.example/token:zd-token').toString('base64')}`);
    expect(found).toMatchObject({ customer: { id: 'zendesk:35436', name: 'Sam Rivera', tier: 'vip', notes: 'Prefers DMs' } });
    expect(found!.customer.tickets).toEqual([
      { id: '1182', status: 'open', title: 'Where is order #48213?', url: `${base}/agent/tickets/1182` },
      { id: '900', status: 'solved', title: 'Old', url: `${base}/agent/tickets/900` },
    ]);
  });

  it('Bearer auth when configured', async () => {
    handler = json(200, { users: [], count: 0 });
    const z = zendeskConnector({ kind: 'zendesk', baseUrl: base, auth: 'bearer' }, { token: 'oauth-token' });
    expect(await z.lookup(SAM)).toBeNull();
    expect(seen[0].headers.authorization).toBe('Bearer oauth-token');
  });

  it('unexpected JSON in the tickets call is a mapping error', async () => {
    handler = (req, body, res) =>
      req.url!.startsWith('/api/v2/users/search.json')
        ? json(200, { users: [{ id: 1, name: 'Sam' }] })(req, body, res)
        : json(200, { requests: [] })(req, body, res);
    await expect(zendesk().lookup(SAM)).rejects.toMatchObject({ kind: 'mapping' });
  });
});

describe('generic REST connector', () => {
  it('fills the URL template, sends the auth header, maps fields by path', async () => {
    handler = json(200, {
      data: {
        customer: {
          id: 7,
          profile: { name: 'Sam Rivera' },
          segment: 'VIP',
          ltv: 4820,
          notes: '<b>not html</b>',
          tags: 'vip, repeat',
          orders: [
            { id: '#48213', status: 'delayed', url: 'https://shop.example.com/o/48213' },
            { id: '#1', status: 'delivered', url: 'javascript:alert(1)' },
          ],
          tickets: [],
        },
      },
    });
    const found = await rest().lookup({ channel: 'facebook', handle: 'jane doe&x', id: null, name: null });
    expect(seen[0].url).toBe('/api/customers/lookup?channel=facebook&handle=jane%20doe%26x&id=');
    expect(seen[0].headers['x-api-key']).toBe('rest-key');
    expect(found).toMatchObject({
      customer: { id: 'rest:7', name: 'Sam Rivera', tier: 'VIP', lifetimeValue: 4820, notes: '<b>not html</b>', tags: ['vip', 'repeat'] },
    });
    // Only https links survive.
    expect(found!.customer.orders).toEqual([
      { id: '#48213', status: 'delayed', url: 'https://shop.example.com/o/48213' },
      { id: '#1', status: 'delivered' },
    ]);
  });

  it('404 means "no such customer"; a null record too', async () => {
    handler = json(404, { error: 'not found' });
    expect(await rest().lookup(SAM)).toBeNull();
    handler = json(200, { data: { customer: null } });
    expect(await rest().lookup(SAM)).toBeNull();
  });

  it('a response without the mapped record or name is a mapping error', async () => {
    handler = json(200, { customer: { id: 1 } });
    await expect(rest().lookup(SAM)).rejects.toMatchObject({ kind: 'mapping', message: expect.stringContaining('data.customer') });
    handler = json(200, { data: { customer: { id: 1, profile: {} } } });
    await expect(rest().lookup(SAM)).rejects.toMatchObject({ kind: 'mapping', message: expect.stringContaining('profile.name') });
  });
});

describe('HTTP failures, the same for every remote connector', () => {
  const connectors: [string, (timeoutMs?: number) => CrmConnector][] = [
    ['HubSpot', hubspot],
    ['Zendesk', zendesk],
    ['REST', rest],
  ];
  for (const [label, make] of connectors) {
    it(`${label}: 401, 403, 429 with Retry-After, 500, 503, malformed JSON`, async () => {
      const cases: [Handler, Partial<CrmError>][] = [
        [json(401, { status: 'error', category: 'INVALID_AUTHENTICATION' }), { kind: 'auth', status: 401 }],
        [json(403, { error: 'Forbidden' }), { kind: 'forbidden', status: 403 }],
        [json(429, { error: 'rate limit' }, { 'Retry-After': '7' }), { kind: 'rate-limited', retryAfterMs: 7000 }],
        [json(500, 'oops'), { kind: 'server', status: 500 }],
        [json(503, ''), { kind: 'server', status: 503 }],
        [json(200, '{"results": [tru'), { kind: 'malformed' }],
      ];
      for (const [h, expected] of cases) {
        handler = h;
        await expect(make().lookup(SAM)).rejects.toMatchObject(expected);
      }
    });

    it(`${label}: a CRM that never answers times out; a slow one within the deadline works`, async () => {
      handler = () => {}; // never answers
      const t0 = Date.now();
      await expect(make(300).lookup(SAM)).rejects.toMatchObject({ kind: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(2000);
      handler = (req, body, res) =>
        setTimeout(
          () =>
            json(200, label === 'HubSpot' ? { results: [] } : label === 'Zendesk' ? { users: [] } : { data: { customer: null } })(
              req,
              body,
              res,
            ),
          150,
        );
      expect(await make(2000).lookup(SAM)).toBeNull();
    });
  }

  it('404 from HubSpot search is a configuration error (wrong base URL), not "no customer"', async () => {
    handler = json(404, {});
    await expect(hubspot().lookup(SAM)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('cache: TTL, stale-while-revalidate, offline', () => {
  it('serves within the TTL without asking, revalidates when stale, shows the cached card "as of" with the error when the CRM fails', async () => {
    const db = openDb(freshFactory());
    let clock = Date.parse('2026-11-27T10:00:00.000Z');
    const now = () => clock;
    handler = json(200, HUBSPOT_FOUND);
    const first = await cachedLookup(db, hubspot(), SAM, { now });
    expect(first).toMatchObject({ customer: { name: 'Sam Rivera' }, stale: false, error: null, asOf: '2026-11-27T10:00:00.000Z' });
    expect(seen).toHaveLength(1);

    clock += 10 * 60_000; // within 15 min
    expect(await cachedLookup(db, hubspot(), SAM, { now })).toMatchObject({ stale: false, asOf: '2026-11-27T10:00:00.000Z' });
    expect(seen).toHaveLength(1);

    clock += 10 * 60_000; // past the TTL: stale answer at once, refresh behind it
    handler = json(500, {});
    const stale = await cachedLookup(db, hubspot(), SAM, { now });
    expect(stale).toMatchObject({ customer: { name: 'Sam Rivera' }, stale: true, asOf: '2026-11-27T10:00:00.000Z' });
    await stale.revalidated;
    // The CRM is failing: the cached card stays, now with the error.
    const failing = await cachedLookup(db, hubspot(), SAM, { now });
    expect(failing).toMatchObject({
      customer: { name: 'Sam Rivera' },
      asOf: '2026-11-27T10:00:00.000Z',
      error: expect.stringContaining('500'),
    });
    await failing.revalidated;

    handler = json(200, {
      total: 1,
      results: [{ ...HUBSPOT_FOUND.results[0], properties: { ...HUBSPOT_FOUND.results[0].properties, lifecyclestage: 'evangelist' } }],
    });
    const refreshing = await cachedLookup(db, hubspot(), SAM, { now });
    await refreshing.revalidated;
    expect(await cachedLookup(db, hubspot(), SAM, { now })).toMatchObject({ customer: { tier: 'evangelist' }, error: null, stale: false });
  });

  it('a mapping mismatch stores nothing and says so', async () => {
    const db = openDb(freshFactory());
    handler = json(200, { unexpected: true });
    const part = await cachedLookup(db, hubspot(), SAM);
    expect(part).toMatchObject({ customer: null, error: expect.stringMatching(/did not match/) });
    expect(await db.crmCache.count()).toBe(0);
  });

  it('offline (connection refused) with nothing cached is an error, not a blank', async () => {
    const db = openDb(freshFactory());
    const offline = hubspotConnector({ kind: 'hubspot', baseUrl: 'http://127.0.0.1:1', handleProperty: 'twitterhandle' }, { token: 't' });
    expect(await cachedLookup(db, offline, SAM)).toMatchObject({ customer: null, error: expect.stringContaining('could not be reached') });
  });
});

describe('batched lookups', () => {
  it('at most 4 requests at a time, and a 429 pauses everyone for Retry-After, then retries', async () => {
    let inFlight = 0;
    let peak = 0;
    let served = 0;
    let limited = false;
    handler = (req, body, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        served++;
        if (served === 3 && !limited) {
          limited = true;
          return json(429, {}, { 'Retry-After': '1' })(req, body, res);
        }
        json(200, { total: 0, results: [] })(req, body, res);
      }, 40);
    };
    const db = openDb(freshFactory());
    const limiter = createLimiter(4);
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        cachedLookup(db, hubspot(), { channel: 'x', handle: `user${i}`, id: null, name: null }, { limiter }),
      ),
    );
    expect(results.every((r) => r.error === null)).toBe(true);
    expect(peak).toBeLessThanOrEqual(4);
    expect(seen).toHaveLength(13); // 12 + the one retried after the 429
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });
});

describe('connector settings', () => {
  it('refuses a plain-http CRM address (the token would travel in clear), but accepts https and localhost', async () => {
    const { ConnectorConfigSchema } = await import('../../lib/shared/crm/schemas');
    const v = await import('valibot');
    const rest = (urlTemplate: string) => ({
      kind: 'rest',
      urlTemplate,
      authHeader: 'Authorization',
      fields: { record: '', id: 'id', name: 'name' },
    });
    const plain = v.safeParse(ConnectorConfigSchema, rest('http://crm.example.com/api?handle={handle}'));
    expect(plain.success).toBe(false);
    expect(plain.issues?.map((i) => i.message).join(' ')).toContain('https://');
    expect(v.safeParse(ConnectorConfigSchema, rest('https://crm.example.com/api?handle={handle}')).success).toBe(true);
    expect(v.safeParse(ConnectorConfigSchema, rest('http://127.0.0.1:8080/api?handle={handle}')).success).toBe(true);
    expect(
      v.safeParse(ConnectorConfigSchema, { kind: 'hubspot', baseUrl: 'http://api.hubapi.com', handleProperty: 'twitterhandle' }).success,
    ).toBe(false);
  });
});

describe('writing a note back', () => {
  const SAM_HUBSPOT = async () => (await hubspot().lookup(SAM))!.customer;

  it('HubSpot: a note engagement associated to the contact (POST /crm/v3/objects/notes, association type 202), as text', async () => {
    handler = json(200, HUBSPOT_FOUND);
    const customer = await SAM_HUBSPOT();
    seen.length = 0;
    handler = json(201, {
      id: '9001',
      properties: { hs_note_body: 'x', hs_timestamp: '2026-11-27T10:00:00.000Z' },
      createdAt: '2026-11-27T10:00:00.000Z',
      archived: false,
    });
    await hubspot().writeNote!(customer, 'Offered <b>voucher</b> & DM', SAM);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/crm/v3/objects/notes' });
    expect(seen[0].headers.authorization).toBe('Bearer pat-secret');
    const body = JSON.parse(seen[0].body);
    expect(body.properties.hs_note_body).toBe('Offered &lt;b&gt;voucher&lt;/b&gt; &amp; DM');
    expect(Date.parse(body.properties.hs_timestamp)).not.toBeNaN();
    expect(body.associations).toEqual([{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }]);
  });

  it('HubSpot: 401, 429 with Retry-After, 500 and an answer without the created note are errors', async () => {
    handler = json(200, HUBSPOT_FOUND);
    const customer = await SAM_HUBSPOT();
    for (const [h, expected] of [
      [json(401, { category: 'INVALID_AUTHENTICATION' }), { kind: 'auth' }],
      [json(429, {}, { 'Retry-After': '3' }), { kind: 'rate-limited', retryAfterMs: 3000 }],
      [json(500, 'oops'), { kind: 'server' }],
      [json(201, { status: 'weird' }), { kind: 'mapping' }],
    ] as [Handler, Partial<CrmError>][]) {
      handler = h;
      await expect(hubspot().writeNote!(customer, 'n', SAM)).rejects.toMatchObject(expected);
    }
  });

  it('Zendesk: appends to the user’s notes (GET, then PUT /api/v2/users/{id} with { user: { notes } })', async () => {
    let stored = 'Prefers DMs';
    handler = (req, body, res) => {
      if (req.url === '/api/v2/users/35436' && req.method === 'GET')
        return json(200, { user: { id: 35436, name: 'Sam Rivera', notes: stored } })(req, body, res);
      if (req.url === '/api/v2/users/35436' && req.method === 'PUT') {
        stored = JSON.parse(body).user.notes;
        return json(200, { user: { id: 35436, name: 'Sam Rivera', notes: stored } })(req, body, res);
      }
      json(404, { error: 'RecordNotFound' })(req, body, res);
    };
    const customer = {
      id: 'zendesk:35436',
      name: 'Sam Rivera',
      handles: ['x:acmecustomer'],
      tier: null,
      lifetimeValue: null,
      notes: 'Prefers DMs',
      tags: [],
      updatedAt: '',
    };
    await zendesk().writeNote!(customer, 'Refund promised', SAM);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/v2/users/35436', 'PUT /api/v2/users/35436']);
    expect(seen[1].headers.authorization).toMatch(/^Basic /);
    expect(stored).toMatch(/^Prefers DMs\n\d{4}-\d\d-\d\d: Refund promised$/);
    // A deleted user, a token without write scope, a broken answer: errors, nothing written.
    for (const [h, expected] of [
      [json(404, { error: 'RecordNotFound' }), { kind: 'not-found' }],
      [
        (req: IncomingMessage, body: string, res: ServerResponse) =>
          (req.method === 'GET' ? json(200, { user: { id: 35436, notes: null } }) : json(403, { error: 'Forbidden' }))(req, body, res),
        { kind: 'forbidden' },
      ],
      [json(200, { users: [] }), { kind: 'mapping' }],
    ] as [Handler, Partial<CrmError>][]) {
      handler = h;
      await expect(zendesk().writeNote!(customer, 'n', SAM)).rejects.toMatchObject(expected);
    }
  });

  it('REST: no note URL configured, no writeNote; configured, the note goes to it as JSON with the auth header', async () => {
    expect(rest().writeNote).toBeUndefined();
    const withNotes = (method?: 'PUT' | 'PATCH', timeoutMs?: number) =>
      restConnector(
        {
          kind: 'rest',
          urlTemplate: `${base}/api/customers/lookup?handle={handle}`,
          authHeader: 'X-Api-Key',
          noteUrlTemplate: `${base}/api/customers/{customerId}/notes?via={channel}`,
          noteMethod: method,
          fields: { record: 'data.customer', id: 'id', name: 'profile.name' },
        },
        { token: 'rest-key', timeoutMs },
      );
    const customer = {
      id: 'rest:7/a',
      name: 'Sam Rivera',
      handles: ['x:acmecustomer'],
      tier: null,
      lifetimeValue: null,
      notes: null,
      tags: [],
      updatedAt: '',
    };
    handler = (_req, _body, res) => {
      res.writeHead(204);
      res.end();
    };
    await withNotes().writeNote!(customer, 'Called back', SAM);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/customers/7%2Fa/notes?via=x' });
    expect(seen[0].headers['x-api-key']).toBe('rest-key');
    expect(JSON.parse(seen[0].body)).toMatchObject({ note: 'Called back', customerId: '7/a', channel: 'x', handle: 'AcmeCustomer' });
    handler = json(200, { ok: true });
    await withNotes('PATCH').writeNote!(customer, 'n', SAM);
    expect(seen[1].method).toBe('PATCH');
    handler = json(500, 'down');
    await expect(withNotes().writeNote!(customer, 'n', SAM)).rejects.toMatchObject({ kind: 'server' });
    handler = () => {};
    await expect(withNotes(undefined, 300).writeNote!(customer, 'n', SAM)).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('the card’s note for a remote customer goes through the background', () => {
  const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
  const cardFrame: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}customer-card.html#key=x:1`, tab: { id: 3, url: 'https://x.com/home' } };
  const optionsPage: SenderInfo = { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 4, url: `${ORIGIN}options.html` } };
  const restConfig = (noteUrlTemplate?: string) => ({
    kind: 'rest',
    urlTemplate: `${base}/crm/lookup?handle={handle}`,
    authHeader: 'Authorization',
    ...(noteUrlTemplate ? { noteUrlTemplate } : {}),
    fields: { record: 'customer', id: 'id', name: 'name', tier: 'tier', notes: 'notes' },
  });

  async function setup(noteUrlTemplate?: string) {
    const db = openDb(freshFactory());
    const ctx = serverContext(db);
    // The framed card acts with the token its toolbar asked for (issue 11, finding 3).
    let cardToken: string | undefined;
    const send = async (type: string, payload: unknown, sender: SenderInfo) => {
      if (sender === cardFrame && !cardToken) {
        const reply = await handleRequest(
          { carebar: 1, type: 'customers.cardToken', payload: { key: 'x:2126061954790609879' } },
          contentScript,
          ctx,
        );
        cardToken = (reply as { data?: { token: string } }).data?.token;
      }
      return handleRequest({ carebar: 1, type, payload, ...(sender === cardFrame ? { cardToken } : {}) }, sender, ctx);
    };
    expect(
      await send('crm.connector.save', { config: restConfig(noteUrlTemplate), token: 'Bearer crm-secret' }, optionsPage),
    ).toMatchObject({ ok: true });
    await send(
      'items.seen',
      { posts: [post({ postId: '2126061954790609879', authorHandle: 'AcmeCustomer', authorName: 'Sam Rivera' })] },
      contentScript,
    );
    return { db, send };
  }

  it('writes to the CRM the background looked up (token from the secrets table), shows it in the card; never from a content script', async () => {
    const notes: { url: string; body: string; auth: string | undefined }[] = [];
    handler = (req, body, res) => {
      if (req.url!.startsWith('/crm/lookup'))
        return json(200, { customer: { id: 'c-17', name: 'Sam Rivera (CRM)', tier: 'Gold', notes: 'Prefers DMs' } })(req, body, res);
      notes.push({ url: req.url!, body, auth: req.headers.authorization });
      json(201, { id: 'n1' })(req, body, res);
    };
    const { send } = await setup(`${base}/crm/customers/{customerId}/notes`);
    const key = 'x:2126061954790609879';
    expect(await send('customers.card', { key }, cardFrame)).toMatchObject({
      ok: true,
      data: { card: { remote: { customer: { name: 'Sam Rivera (CRM)' }, notes: 'writable' } } },
    });
    expect(await send('customers.remoteNote', { key, note: 'Voucher sent' }, contentScript)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(notes).toEqual([]);
    expect(await send('customers.remoteNote', { key, note: 'Voucher sent' }, cardFrame)).toEqual({
      ok: true,
      data: { ok: true, connector: 'REST CRM' },
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ url: '/crm/customers/c-17/notes', auth: 'Bearer crm-secret' });
    expect(JSON.parse(notes[0].body)).toMatchObject({ note: 'Voucher sent', customerId: 'c-17' });
    const card = await send('customers.card', { key }, cardFrame);
    expect(card).toMatchObject({
      ok: true,
      data: { card: { remote: { customer: { notes: expect.stringMatching(/^Prefers DMs\n\d{4}-\d\d-\d\d: Voucher sent$/) } } } },
    });
    // The CRM refusing is said as is, and the cached card is left alone.
    handler = (req, body, res) =>
      (req.url!.startsWith('/crm/lookup') ? json(200, { customer: { id: 'c-17', name: 'Sam Rivera (CRM)' } }) : json(403, {}))(
        req,
        body,
        res,
      );
    expect(await send('customers.remoteNote', { key, note: 'Again' }, cardFrame)).toMatchObject({
      ok: false,
      error: { code: 'rejected', message: expect.stringContaining('403') },
    });
  });

  it('without a note URL the card says notes are not set up, and a note is refused without a request', async () => {
    handler = json(200, { customer: { id: 'c-17', name: 'Sam Rivera (CRM)' } });
    const { send } = await setup();
    const key = 'x:2126061954790609879';
    expect(await send('customers.card', { key }, cardFrame)).toMatchObject({
      ok: true,
      data: { card: { remote: { notes: expect.stringContaining('not set up') } } },
    });
    seen.length = 0;
    expect(await send('customers.remoteNote', { key, note: 'n' }, cardFrame)).toMatchObject({
      ok: false,
      error: { code: 'rejected', message: expect.stringContaining('not set up') },
    });
    expect(seen).toEqual([]);
  });
});
