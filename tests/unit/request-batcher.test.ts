import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestBatcher, requestsSettled } from '../../lib/content/request-batcher';

describe('request batcher', () => {
  afterEach(() => vi.useRealTimers());

  it('requestsSettled waits for what the quick batchers hold now to be answered, not for slow windows', async () => {
    vi.useFakeTimers();
    let answer: () => void = () => {};
    const quick = createRequestBatcher<string>({
      windowMs: 20,
      limit: 10,
      send: () => new Promise<void>((resolve) => (answer = resolve)),
      onError: () => {},
    });
    const slow = createRequestBatcher<string>({ windowMs: 1000, limit: 10, send: async () => {}, onError: () => {} });
    slow.add('s', 's');
    quick.add('q', 'q');
    let settled = false;
    void requestsSettled().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(20); // sent, not answered
    expect(settled).toBe(false);
    answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true); // the slow window is still open
  });

  it('sends one window in slices of the limit, once per key, the later entry winning', async () => {
    vi.useFakeTimers();
    const sent: string[][] = [];
    const batcher = createRequestBatcher<string>({
      windowMs: 50,
      limit: 2,
      send: async (slice) => void sent.push(slice),
      onError: () => {},
    });
    batcher.add('a', 'a1');
    batcher.add('b', 'b1');
    batcher.add('a', 'a2');
    batcher.add('c', 'c1');
    await vi.advanceTimersByTimeAsync(49);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([['a2', 'b1'], ['c1']]);
  });

  it('reports a failed slice with its entries and still sends the others', async () => {
    vi.useFakeTimers();
    const failed: string[][] = [];
    const sent: string[][] = [];
    const batcher = createRequestBatcher<string>({
      windowMs: 10,
      limit: 1,
      send: async ([x]) => {
        if (x === 'bad') throw new Error('refused');
        sent.push([x]);
      },
      onError: (_err, slice) => void failed.push(slice),
    });
    batcher.add('1', 'bad');
    batcher.add('2', 'good');
    await vi.advanceTimersByTimeAsync(10);
    expect(failed).toEqual([['bad']]);
    expect(sent).toEqual([['good']]);
  });

  it('settled() waits for the window that is open and its requests', async () => {
    vi.useFakeTimers();
    const order: string[] = [];
    const batcher = createRequestBatcher<string>({
      windowMs: 50,
      limit: 10,
      send: async (slice) => {
        await new Promise((r) => setTimeout(r, 30));
        order.push(...slice);
      },
      onError: () => {},
    });
    batcher.add('a', 'a');
    const done = batcher.settled().then(() => order.push('settled'));
    await vi.advanceTimersByTimeAsync(100);
    await done;
    expect(order).toEqual(['a', 'settled']);
  });

  it('flushes every batcher with entries on one shared tick: the earliest window ends, the others go along', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const make = (name: string, windowMs: number) =>
      createRequestBatcher<string>({ windowMs, limit: 10, send: async (slice) => void sent.push(`${name}:${slice}`), onError: () => {} });
    const seen = make('seen', 50);
    const samples = make('samples', 1000);
    samples.add('a', 'a');
    await vi.advanceTimersByTimeAsync(20);
    seen.add('b', 'b');
    await vi.advanceTimersByTimeAsync(49);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.sort()).toEqual(['samples:a', 'seen:b']);
    // Alone, a batcher waits its own window.
    samples.add('c', 'c');
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toContain('samples:c');
  });
});
