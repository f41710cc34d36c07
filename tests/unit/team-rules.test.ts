import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { customerToken, eventSubject, itemKeyFromKv, kvKeyForItem, parseEventSubject, teamNames } from '../../lib/shared/team/names';
import { applyChange, claimStanding, earliest, mergeEvents } from '../../lib/shared/team/rules';
import { serverConfig, userPermissions } from '../../lib/shared/team/server-config';
import { checkServerUrl, checkServerUrls } from '../../lib/shared/team/urls';
import { encodeJson, parseJson, TeamItemSchema } from '../../lib/shared/team/values';

const ana = { user: 'ana', name: 'Ana' };
const ben = { user: 'ben', name: 'Ben' };
const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-01T10:05:00.000Z';

describe('team names', () => {
  it('item keys round-trip through KV keys (only KV-safe characters, no extra dots)', () => {
    for (const k of ['x:1234567890', 'facebook:123_456', 'x:ünïcode', 'x:a.b/c d']) {
      const kv = kvKeyForItem(k);
      expect(kv).toMatch(/^i\.[A-Za-z0-9_=-]+$/);
      expect(itemKeyFromKv(kv)).toBe(k);
    }
    expect(kvKeyForItem('x:1')).toBe('i.x=3a1');
    expect(itemKeyFromKv('cfg')).toBeNull();
    expect(itemKeyFromKv('i.x=zz')).toBeNull();
  });
  it('refuses team and user names that are not one subject token', () => {
    expect(() => teamNames('a.b')).toThrow();
    expect(() => teamNames('>')).toThrow();
    expect(teamNames('care-1').bucket).toBe('carebar-care-1');
  });
  it('event subjects carry customer, user and kind', () => {
    const s = eventSubject('demo', 'abc', 'ana', 'claim');
    expect(parseEventSubject(s)).toEqual({ team: 'demo', customer: 'abc', user: 'ana', kind: 'claim' });
    expect(parseEventSubject(eventSubject('demo', null, 'ana', 'state'))?.customer).toBeNull();
    expect(parseEventSubject('carebar.demo.presence.ana')).toBeNull();
  });
  it('customer tokens are stable, case-insensitive and per team', async () => {
    const a = await customerToken('demo', 'x:JaneDoe');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(await customerToken('demo', 'x:janedoe')).toBe(a);
    expect(await customerToken('other', 'x:janedoe')).not.toBe(a);
  });
});

describe('server URLs', () => {
  it('wss anywhere, ws only to loopback', () => {
    expect(checkServerUrl('wss://nats.example.com')).toEqual({ ok: true, url: 'wss://nats.example.com' });
    for (const u of ['ws://localhost:4223', 'ws://127.0.0.1:4223', 'ws://[::1]:4223']) expect(checkServerUrl(u).ok).toBe(true);
    expect(checkServerUrl('ws://nats.example.com').ok).toBe(false);
    expect(checkServerUrl('ws://127.0.0.2').ok).toBe(false);
    expect(checkServerUrl('nats://127.0.0.1:4222').ok).toBe(false);
    expect(checkServerUrl('wss://ana:pw@nats.example.com').ok).toBe(false);
    expect(checkServerUrls('wss://a.example, wss://b.example\nwss://c.example')).toEqual({
      ok: true,
      urls: ['wss://a.example', 'wss://b.example', 'wss://c.example'],
    });
    expect(checkServerUrls('wss://a.example ws://b.example').ok).toBe(false);
  });
});

describe('conflict rules', () => {
  it('claims: holder set and cleared; a response lets go; dm keeps the holder', () => {
    const c = applyChange(null, { kind: 'claim' }, ana, 'op-000001', T0);
    expect(c).toMatchObject({ state: 'claimed', holder: 'ana', holderName: 'Ana', claimedAt: T0 });
    expect(applyChange(c, { kind: 'release' }, ana, 'op-000002', T1)).toMatchObject({ state: 'new', holder: null });
    expect(applyChange(c, { kind: 'state', to: 'dm', at: T1 }, ana, 'op-000003', T1)).toMatchObject({
      state: 'dm',
      holder: 'ana',
      firstResponseAt: T1,
    });
    expect(applyChange(c, { kind: 'state', to: 'replied', at: T1 }, ana, 'op-000004', T1)).toMatchObject({
      state: 'replied',
      holder: null,
    });
    expect(applyChange(c, { kind: 'takeover' }, ben, 'op-000005', T1)).toMatchObject({ holder: 'ben', claimedAt: T1 });
  });
  it('first response: the earliest wins in either order', () => {
    const late = applyChange(null, { kind: 'state', to: 'replied', at: T1 }, ben, 'op-000006', T1);
    expect(applyChange(late, { kind: 'state', to: 'replied', at: T0 }, ana, 'op-000007', T1).firstResponseAt).toBe(T0);
    const early = applyChange(null, { kind: 'state', to: 'replied', at: T0 }, ana, 'op-000008', T0);
    expect(applyChange(early, { kind: 'state', to: 'closed', at: T1 }, ben, 'op-000009', T1).firstResponseAt).toBe(T0);
    expect(earliest(null, T1)).toBe(T1);
  });
  it('standing: free, mine, held, stale after the team time without presence', () => {
    const c = applyChange(null, { kind: 'claim' }, ana, 'op-000010', new Date(0).toISOString());
    expect(claimStanding(null, 'ben', 1000, 500, null, 0)).toBe('free');
    expect(claimStanding(c, 'ana', 1000, 500, null, 0)).toBe('mine');
    expect(claimStanding(c, 'ben', 1000, 5000, 900, 0)).toBe('held');
    expect(claimStanding(c, 'ben', 10_000, 5000, 900, 0)).toBe('stale');
    // Never seen since joining: counted from the join.
    expect(claimStanding(c, 'ben', 10_000, 5000, null, 8000)).toBe('held');
  });
  it('events merge by id, in server order', () => {
    const a = [
      { id: 'e1', at: T1, seq: 2 },
      { id: 'e2', at: T0 },
    ];
    const b = [
      { id: 'e2', at: T0, seq: 1 },
      { id: 'e1', at: T1, seq: 5 },
    ];
    expect(mergeEvents(a, b)).toEqual([
      { id: 'e2', at: T0, seq: 1 },
      { id: 'e1', at: T1, seq: 2 },
    ]);
  });
  it('remote values are validated', () => {
    const good = applyChange(null, { kind: 'claim' }, ana, 'op-000011', T0);
    expect(parseJson(TeamItemSchema, encodeJson(good))).toEqual({ ok: true, value: good });
    expect(parseJson(TeamItemSchema, new TextEncoder().encode('{'))).toEqual({ ok: false, reason: 'not JSON' });
    const bad = parseJson(TeamItemSchema, encodeJson({ ...good, holder: 'Ana Smith' }));
    expect(bad.ok).toBe(false);
  });
});

describe('server configuration', () => {
  it('agents may publish presence and events only as themselves; supervisors may create the team’s streams', () => {
    const p = userPermissions('demo', { user: 'ana', password: 'x', role: 'agent' });
    expect(p.publish).toContain('carebar.demo.presence.ana');
    expect(p.publish).toContain('carebar.demo.ev.*.ana.*');
    expect(p.publish.some((s) => s.includes('STREAM.CREATE'))).toBe(false);
    expect(p.subscribe).toEqual(['carebar.demo.presence.*', '_INBOX.demo.ana.>']);
    expect(userPermissions('demo', { user: 'sam', password: 'x', role: 'supervisor' }).publish).toContain(
      '$JS.API.STREAM.CREATE.KV_carebar-demo',
    );
  });
  it('team/nats-server.conf is the generator’s output (regenerate with npm run team -- config)', () => {
    const file = readFileSync(path.join(import.meta.dirname, '../../team/nats-server.conf'), 'utf8');
    const generated = serverConfig({
      teams: [
        {
          team: 'demo',
          users: [
            { user: 'ana', password: 'ana-demo-password', role: 'agent' },
            { user: 'ben', password: 'ben-demo-password', role: 'agent' },
            { user: 'sam', password: 'sam-demo-password', role: 'supervisor' },
          ],
        },
      ],
      admin: { user: 'admin', password: 'admin-demo-password' },
      listen: '127.0.0.1:4222',
      websocket: '127.0.0.1:4223',
      storeDir: './data/jetstream',
      allowedOrigins: [],
    });
    expect(file).toBe(generated);
  });
});
