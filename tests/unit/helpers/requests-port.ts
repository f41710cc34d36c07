import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REQUESTS_PORT } from '../../../lib/shared/messaging/ports';

type Listener = (...args: unknown[]) => void;
const open = new Set<{ drop: () => void; push: (msg: unknown) => void }>();

/**
 * The background's end of REQUESTS_PORT for unit tests (fakeBrowser has no runtime.connect): every request posted on
 * a port is answered by `serve`, asynchronously and as a structured clone, as lib/background/index.ts answers it.
 * `serve` throwing drops the port (the client sees "message port closed", as when the service worker stops).
 * Returns the runtime.connect spy (count the ports opened with its `mock.calls`).
 */
export function serveRequestsPort(serve: (message: unknown) => unknown) {
  return vi.spyOn(fakeBrowser.runtime, 'connect').mockImplementation(((info?: { name?: string }) => {
    const onMessage = new Set<Listener>();
    const onDisconnect = new Set<Listener>();
    const events = (set: Set<Listener>) => ({ addListener: (l: Listener) => set.add(l), removeListener: (l: Listener) => set.delete(l) });
    let connected = true;
    const entry = {
      drop: () => {
        if (!connected) return;
        connected = false;
        open.delete(entry);
        for (const l of onDisconnect) l(port);
      },
      push: (msg: unknown) => onMessage.forEach((l) => l(structuredClone(msg), port)),
    };
    const port = {
      name: info?.name,
      onMessage: events(onMessage),
      onDisconnect: events(onDisconnect),
      postMessage(msg: unknown) {
        if (!connected) throw new Error('Attempting to use a disconnected port object');
        if (info?.name !== REQUESTS_PORT) return;
        const { id, message } = structuredClone(msg) as { id: number; message: unknown };
        void Promise.resolve()
          .then(() => serve(message))
          .then(
            (reply) => connected && onMessage.forEach((l) => l(structuredClone({ id, reply }), port)),
            () => entry.drop(),
          );
      },
      disconnect: () => entry.drop(),
    };
    open.add(entry);
    return port;
  }) as never);
}

/** Drop every port `serveRequestsPort` opened, so the next test's requests open a port to its own server. */
export function dropRequestsPorts(): void {
  for (const entry of [...open]) entry.drop();
}

/** Post a message (a change notice) from the background to every open port, as its broadcast does. */
export function pushToRequestsPorts(msg: unknown): void {
  for (const entry of open) entry.push(msg);
}
