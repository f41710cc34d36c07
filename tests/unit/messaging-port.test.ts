// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage, type SenderInfo } from '../../lib/background/server';
import { request, subscribeToChanges, type ConnectionStatus } from '../../lib/shared/messaging/client';
import type { ChangeNotice } from '../../lib/shared/messaging/protocol';
import { freshFactory, openDb } from './helpers/db';
import { RUNTIME_ID, serverContext } from './helpers/server';
import { dropRequestsPorts, pushToRequestsPorts, serveRequestsPort } from './helpers/requests-port';

// One port per page: requests, their replies and the background's change notices all travel on REQUESTS_PORT.
const contentScript: SenderInfo = { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } };
const notice = { type: 'settings.changed', settings: {} } as unknown as ChangeNotice;

/** The real server behind the port; `drop` says whether a request drops the port instead (the worker stopped). */
function wire(drop: (message: unknown) => boolean = () => false) {
  const ctx = serverContext(openDb(freshFactory()));
  const sent: unknown[] = [];
  const connect = serveRequestsPort((message) => {
    sent.push(message);
    if (drop(message)) throw new Error('the service worker stopped');
    return handleMessage(message, contentScript, ctx);
  });
  return { connect, sent };
}

function subscribe() {
  const changes: ChangeNotice[] = [];
  const statuses: ConnectionStatus[] = [];
  const onReconnect = vi.fn();
  const unsubscribe = subscribeToChanges({ onChange: (n) => changes.push(n), onStatus: (s) => statuses.push(s), onReconnect });
  return { changes, statuses, onReconnect, unsubscribe };
}

describe('messaging client: one port for requests and change notices', () => {
  let unsubscribe = () => {};
  afterEach(() => {
    unsubscribe();
    dropRequestsPorts();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('answers requests and delivers change notices on the same single port', async () => {
    const { connect } = wire();
    const sub = subscribe();
    unsubscribe = sub.unsubscribe;
    expect(sub.statuses).toEqual(['connected']);
    expect(await request('ping', {})).toMatchObject({ version: expect.any(String) });
    pushToRequestsPorts(notice);
    await request('ping', {});
    expect(sub.changes).toEqual([notice]);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(sub.onReconnect).not.toHaveBeenCalled();
  });

  it('reopens a dropped port while subscribed, with back-off, and calls onReconnect once per reconnect', async () => {
    vi.useFakeTimers();
    const { connect } = wire();
    const sub = subscribe();
    unsubscribe = sub.unsubscribe;
    dropRequestsPorts();
    expect(sub.statuses).toEqual(['connected', 'reconnecting']);
    await vi.advanceTimersByTimeAsync(199);
    expect(connect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(sub.statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(sub.onReconnect).toHaveBeenCalledTimes(1);
    pushToRequestsPorts(notice);
    expect(sub.changes).toEqual([notice]);

    // Dropped again at once: the next try waits twice as long; a port that stays up 2 s resets the back-off.
    dropRequestsPorts();
    await vi.advanceTimersByTimeAsync(399);
    expect(connect).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(connect).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(2000);
    dropRequestsPorts();
    await vi.advanceTimersByTimeAsync(200);
    expect(connect).toHaveBeenCalledTimes(4);
    expect(sub.onReconnect).toHaveBeenCalledTimes(3);

    // Without subscribers nothing reconnects: the next request opens the port.
    sub.unsubscribe();
    dropRequestsPorts();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connect).toHaveBeenCalledTimes(4);
    const pong = request('ping', {});
    await vi.advanceTimersByTimeAsync(0);
    await expect(pong).resolves.toBeTruthy();
    expect(connect).toHaveBeenCalledTimes(5);
  });

  it('retries a request in flight when the port drops, on a new port that is also the subscribers’ reconnect', async () => {
    vi.useFakeTimers();
    let drops = 1;
    const { connect, sent } = wire(() => drops-- > 0);
    const sub = subscribe();
    unsubscribe = sub.unsubscribe;
    const pong = request('ping', {});
    await vi.advanceTimersByTimeAsync(150); // the drop, the request's own retry delay (100 ms), not the back-off's (200)
    await expect(pong).resolves.toBeTruthy();
    expect(sent).toHaveLength(2);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(sub.statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(sub.onReconnect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000); // the pending back-off does not open a third port
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('retries requests in flight without any subscriber', async () => {
    vi.useFakeTimers();
    let drops = 2;
    const { connect, sent } = wire(() => drops-- > 0);
    const pong = request('ping', {});
    await vi.advanceTimersByTimeAsync(500); // retried after 100 ms, then 300 ms
    await expect(pong).resolves.toBeTruthy();
    expect(sent).toHaveLength(3);
    expect(connect).toHaveBeenCalledTimes(3);
  });

  it('stops when the extension context is gone: status invalidated, no reconnect loop', async () => {
    vi.useFakeTimers();
    const { connect } = wire();
    const sub = subscribe();
    unsubscribe = sub.unsubscribe;
    vi.spyOn(fakeBrowser.runtime, 'id', 'get').mockReturnValue(undefined as never);
    dropRequestsPorts();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sub.statuses).toEqual(['connected', 'invalidated']);
    expect(connect).toHaveBeenCalledTimes(1);
  });
});
