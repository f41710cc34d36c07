import { describe, expect, it } from 'vitest';
import { activeRemoteConnector, saveConnector } from '../../lib/background/crm/service';
import { freshFactory, openDb } from './helpers/db';

// Issue 11, finding 4: a CRM token belongs to the address it was given for.

const zendesk = (baseUrl: string) => ({ kind: 'zendesk' as const, baseUrl, auth: 'bearer' as const });
const hubspot = (baseUrl: string) => ({ kind: 'hubspot' as const, baseUrl, handleProperty: 'twitterhandle' });

describe('the CRM token does not follow a changed address', () => {
  it('drops the token when the base URL changes', async () => {
    const db = openDb(freshFactory());
    await saveConnector(db, zendesk('https://acme.zendesk.com'), 'secret-1');
    expect((await db.secrets.get('crm.token'))?.value).toBe('secret-1');
    await saveConnector(db, zendesk('https://attacker.example.com'), undefined);
    expect(await db.secrets.get('crm.token')).toBeUndefined();
  });

  it('drops the token when the kind changes, keeps it when only other fields change', async () => {
    const db = openDb(freshFactory());
    await saveConnector(db, zendesk('https://acme.zendesk.com'), 'secret-1');
    await saveConnector(db, { ...zendesk('https://acme.zendesk.com'), auth: 'basic', email: 'a@acme.com' }, undefined);
    expect((await db.secrets.get('crm.token'))?.value).toBe('secret-1');
    await saveConnector(db, hubspot('https://acme.zendesk.com'), undefined);
    expect(await db.secrets.get('crm.token')).toBeUndefined();
  });

  it('a REST template moved to another origin loses the token; a new token given with the move is kept', async () => {
    const db = openDb(freshFactory());
    const rest = (urlTemplate: string) => ({
      kind: 'rest' as const,
      urlTemplate,
      authHeader: 'Authorization',
      fields: { record: 'customer', id: 'id', name: 'name' },
    });
    await saveConnector(db, rest('https://crm.acme.com/api?h={handle}'), 'secret-1');
    await saveConnector(db, rest('https://crm.acme.com/api/v2?h={handle}'), undefined);
    expect((await db.secrets.get('crm.token'))?.value).toBe('secret-1');
    await saveConnector(db, rest('https://crm.other.com/api?h={handle}'), undefined);
    expect(await db.secrets.get('crm.token')).toBeUndefined();
    await saveConnector(db, rest('https://crm.third.com/api?h={handle}'), 'secret-3');
    expect((await db.secrets.get('crm.token'))?.value).toBe('secret-3');
  });

  it('checks the host permission before sending anything', async () => {
    const db = openDb(freshFactory());
    await saveConnector(db, zendesk('https://acme.zendesk.com'), 'secret-1');
    const sent: string[] = [];
    const fetchImpl = (async (url: string) => {
      sent.push(String(url));
      return new Response('{"users":[]}', { status: 200 });
    }) as typeof fetch;
    const asked: string[] = [];
    const denied = await activeRemoteConnector(db, { fetchImpl, hostPermitted: async (origin) => (asked.push(origin), false) });
    await expect(denied!.lookup({ channel: 'x', handle: 'sam', id: null, name: null })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(sent).toEqual([]);
    expect(asked).toEqual(['https://acme.zendesk.com']);
    const allowed = await activeRemoteConnector(db, { fetchImpl, hostPermitted: async () => true });
    expect(await allowed!.lookup({ channel: 'x', handle: 'sam', id: null, name: null })).toBeNull();
    expect(sent).toHaveLength(1);
  });
});
