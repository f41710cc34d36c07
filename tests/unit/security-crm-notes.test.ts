import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putCustomer, getCustomer } from '../../lib/background/crm/customer-store';
import { addLocalNote } from '../../lib/background/crm/local';
import { zendeskConnector } from '../../lib/background/crm/remote';
import type { CustomerRow } from '../../lib/shared/records';
import { freshFactory, openDb } from './helpers/db';

// Issue 11, finding 10: two notes written at once both land.

const customer = (over: Partial<CustomerRow> = {}): CustomerRow => ({
  id: 'c1',
  name: 'Sam Rivera',
  handles: ['x:sam'],
  tier: null,
  lifetimeValue: null,
  notes: 'First',
  tags: [],
  updatedAt: '2026-11-27T10:00:00.000Z',
  ...over,
});

describe('concurrent local CRM notes', () => {
  it('ten notes at once: every one is kept', async () => {
    const db = openDb(freshFactory());
    await putCustomer(db, customer());
    await Promise.all(Array.from({ length: 10 }, (_, i) => addLocalNote(db, 'c1', `note ${i}`)));
    const notes = (await getCustomer(db, 'c1'))!.notes!;
    for (let i = 0; i < 10; i++) expect(notes).toContain(`note ${i}`);
    expect(notes.startsWith('First')).toBe(true);
  });
});

describe('concurrent Zendesk notes (GET then PUT)', () => {
  let server: Server;
  let base: string;
  let notes = 'First';
  beforeAll(async () => {
    // Zendesk's user endpoint: GET returns the notes; PUT replaces them. A slow GET widens the race.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        if (req.method === 'GET') {
          const snapshot = notes;
          setTimeout(() => res.end(JSON.stringify({ user: { id: 7, notes: snapshot } })), 30);
        } else {
          notes = JSON.parse(body).user.notes;
          res.end(JSON.stringify({ user: { id: 7, notes } }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('two connectors (two requests) writing to the same user at once: both notes land', async () => {
    const make = () => zendeskConnector({ kind: 'zendesk', baseUrl: base, auth: 'bearer' }, { token: 't' });
    const who = customer({ id: 'zendesk:7' });
    await Promise.all([make().writeNote!(who, 'alpha', null), make().writeNote!(who, 'beta', null), make().writeNote!(who, 'gamma', null)]);
    expect(notes).toContain('alpha');
    expect(notes).toContain('beta');
    expect(notes).toContain('gamma');
  });
});
