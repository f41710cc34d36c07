import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSigningKey, signPack, type Pack, type TrustedKey } from '../../lib/shared/snippets/pack-format';
import { acceptPack, removePack, rollbackPack } from '../../lib/background/snippets/packs';
import { listSnippets, searchSnippets } from '../../lib/background/snippets/library';
import { refreshPacks, type FetchLike } from '../../lib/background/snippets/refresh';
import { subscribe, trustKey, untrustKey } from '../../lib/background/snippets/config';
import { freshFactory, openDb } from './helpers/db';

// Issue 11, findings 5 and 6: pack rules hold when a pack is used, not only when it is installed; downloads are capped.

const NOW = Date.parse('2026-11-27T10:00:00Z');
const DAY = 86_400_000;
const base = (over: Partial<Pack> = {}): Omit<Pack, 'signature'> => ({
  id: 'acme-care',
  name: 'Acme care',
  version: '1.0.0',
  publishedAt: '2026-11-01T09:00:00Z',
  publisher: 'Acme supervisors',
  snippets: [{ id: 'refund', title: 'Refund approved', body: 'Your refund is approved.', channels: ['x', 'facebook'], tags: ['refund'] }],
  ...over,
});
async function publisher() {
  const key = await generateSigningKey();
  const trusted: TrustedKey = { keyId: key.keyId, label: 'Acme', jwk: key.publicJwk };
  return { trusted, sign: (over: Partial<Pack> = {}) => signPack(base(over), key.privateKey, key.publicJwk) };
}
const packIds = async (db: ReturnType<typeof openDb>) =>
  (await searchSnippets(db, { query: 'refund', channel: 'x' })).filter((s) => s.packId === 'acme-care').map((s) => s.id);

afterEach(() => vi.useRealTimers());

describe('pack rules checked at use', () => {
  it('an expired pack is neither searchable nor approved', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const db = openDb(freshFactory());
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    await acceptPack(db, await sign({ expiresAt: new Date(NOW + DAY).toISOString() }), { now: NOW });
    expect(await packIds(db)).toEqual(['acme-care/refund']);
    vi.setSystemTime(NOW + 2 * DAY);
    expect(await packIds(db)).toEqual([]);
    expect((await listSnippets(db)).filter((s) => s.packId === 'acme-care' && s.approved)).toEqual([]);
  });

  it('after its key is untrusted a pack is no longer approved', async () => {
    const db = openDb(freshFactory());
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    await acceptPack(db, await sign(), { now: NOW });
    expect(await packIds(db)).toEqual(['acme-care/refund']);
    await untrustKey(db, trusted.keyId);
    expect(await packIds(db)).toEqual([]);
    expect((await listSnippets(db)).filter((s) => s.packId === 'acme-care' && s.approved)).toEqual([]);
    await trustKey(db, trusted);
    expect(await packIds(db)).toEqual(['acme-care/refund']);
  });

  it('rollback re-verifies the previous version: expired or untrusted is refused and nothing changes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const db = openDb(freshFactory());
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    await acceptPack(db, await sign({ expiresAt: new Date(NOW + DAY).toISOString() }), { now: NOW });
    await acceptPack(db, await sign({ version: '1.1.0' }), { now: NOW });
    vi.setSystemTime(NOW + 2 * DAY);
    await expect(rollbackPack(db, 'acme-care')).rejects.toMatchObject({ reason: 'expired' });
    expect((await db.packs.get('acme-care'))?.version).toBe('1.1.0');

    const other = openDb(freshFactory());
    await trustKey(other, trusted);
    await acceptPack(other, await sign(), { now: NOW });
    await acceptPack(other, await sign({ version: '1.1.0' }), { now: NOW });
    await untrustKey(other, trusted.keyId);
    await expect(rollbackPack(other, 'acme-care')).rejects.toMatchObject({ reason: 'untrusted-key' });
    expect((await other.packs.get('acme-care'))?.version).toBe('1.1.0');
  });

  it('remove-then-install cannot downgrade: the highest version seen is kept', async () => {
    const db = openDb(freshFactory());
    const { sign, trusted } = await publisher();
    await trustKey(db, trusted);
    await acceptPack(db, await sign({ version: '1.4.0' }), { now: NOW });
    await removePack(db, 'acme-care');
    await expect(acceptPack(db, await sign({ version: '1.0.0' }), { now: NOW })).rejects.toMatchObject({ reason: 'downgrade' });
    expect(await db.packs.get('acme-care')).toBeUndefined();
    expect(await acceptPack(db, await sign({ version: '1.4.0' }), { now: NOW })).toMatchObject({ status: 'installed' });
  });
});

describe('pack downloads are capped in bytes while streaming', () => {
  const streaming = (chunks: () => Uint8Array | null, headers: Record<string, string> = {}) => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const c = chunks();
        if (!c) return controller.close();
        pulled += c.byteLength;
        controller.enqueue(c);
      },
    });
    const response = {
      status: 200,
      headers: { get: (n: string) => headers[n.toLowerCase()] ?? null },
      body,
      text: async () => {
        throw new Error('read whole');
      },
    };
    return { response, pulled: () => pulled };
  };

  it('without Content-Length, stops reading past 2 MB', async () => {
    const db = openDb(freshFactory());
    await subscribe(db, 'https://packs.acme.com/care.json');
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const { response, pulled } = streaming(() => chunk); // endless
    const fetchImpl: FetchLike = async () => response;
    const [result] = await refreshPacks(db, fetchImpl, { now: NOW });
    expect(result).toMatchObject({ status: 'rejected', message: expect.stringMatching(/at most 2 MB/) });
    expect(pulled()).toBeLessThanOrEqual(2 * 1024 * 1024 + 2 * chunk.byteLength);
  });

  it('counts bytes, not UTF-16 units: 1.2 million "é" is 2.4 MB', async () => {
    const db = openDb(freshFactory());
    await subscribe(db, 'https://packs.acme.com/care.json');
    const text = JSON.stringify({ ...base(), snippets: [{ ...base().snippets[0], body: 'é'.repeat(1_200_000) }] });
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    const bytes = new TextEncoder().encode(text);
    let sent = false;
    const { response } = streaming(() => (sent ? null : ((sent = true), bytes)));
    const [result] = await refreshPacks(db, async () => response, { now: NOW });
    expect(result).toMatchObject({ status: 'rejected', message: expect.stringMatching(/at most 2 MB/) });
    await expect(acceptPack(db, text, { now: NOW })).rejects.toMatchObject({ reason: 'too-large' });
  });
});
