import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemRow } from '../../lib/shared/records';
import { CarebarRequestError } from '../../lib/shared/messaging/errors';
import { createItemStore } from '../../lib/content/item-store';

const row = (state: ItemRow['state']) => ({ key: 'x:1', state }) as ItemRow;

describe('item store', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps a change the database refused (quota) and retries it until it is stored', async () => {
    vi.useFakeTimers();
    let failures = 2;
    const calls: unknown[] = [];
    const request = vi.fn(async (type: string, payload: unknown) => {
      calls.push([type, payload]);
      if (failures-- > 0) throw new CarebarRequestError('storage', 'The browser refused to store more data');
      return { item: row('claimed'), event: { id: 'e' } };
    });
    const errors: unknown[] = [];
    const store = createItemStore(request as never, (e) => errors.push(e));
    const seen: string[] = [];
    store.subscribe('x:1', (r) => seen.push(r.state));

    await expect(store.setState('x:1', 'claimed')).rejects.toThrow('Carebar keeps the change and retries');
    await vi.advanceTimersByTimeAsync(5_000); // second failure: retried again
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual(['claimed']);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => (c as [string, { to: string }])[1].to === 'claimed')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('does not retry a change the state machine rejected', async () => {
    vi.useFakeTimers();
    const request = vi.fn(async () => {
      throw new CarebarRequestError('rejected', 'An item that is new cannot become closed');
    });
    const store = createItemStore(request as never, () => {});
    await expect(store.setState('x:1', 'closed')).rejects.toThrow('cannot become closed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('sends the posts a page shows in one batched message, and hands late subscribers the row', async () => {
    vi.useFakeTimers();
    const request = vi.fn(async (_type: string, payload: { posts: { key: string }[] }) => ({
      items: payload.posts.map((p) => ({ key: p.key, state: 'new' }) as ItemRow),
    }));
    const store = createItemStore(request as never, () => {});
    for (let i = 1; i <= 30; i++) store.seen({ key: `x:${i}` } as never);
    await vi.advanceTimersByTimeAsync(100);
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][1].posts).toHaveLength(30);
    const late: string[] = [];
    store.subscribe('x:7', (r) => late.push(r.key));
    expect(late).toEqual(['x:7']);
  });

  it('a read answered after a change (a resync racing a claim after a background restart) does not undo it on screen', async () => {
    let answerRead: (value: { items: ItemRow[] }) => void = () => {};
    const request = vi.fn((type: string) => {
      if (type === 'items.get') return new Promise((r) => (answerRead = r)); // read while the item was still new
      return Promise.resolve({ item: row('claimed'), event: { id: 'e' } });
    });
    const store = createItemStore(request as never, () => {});
    const seen: string[] = [];
    store.subscribe('x:1', (r) => seen.push(r.state));
    const resync = store.resync();
    await store.setState('x:1', 'claimed');
    answerRead({ items: [row('new')] });
    await resync;
    expect(seen).toEqual(['claimed']);
    expect(store.get('x:1')?.state).toBe('claimed');

    // A read sent after the change applies as usual (another tab's change came in meanwhile, say).
    const later = store.resync();
    answerRead({ items: [row('replied')] });
    await later;
    expect(seen).toEqual(['claimed', 'replied']);
  });
});
