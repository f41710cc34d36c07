import type { Runtime } from 'webextension-polyfill';
import { browser } from '../browser';
import { CarebarRequestError } from './errors';

export { CarebarRequestError };
import { BATCH, BATCH_MAX, CHANGES_PORT, REQUESTS_PORT } from './ports';
import type { BatchMessage, ChangeNotice, PortReply, Reply, RequestInput, RequestMessage, RequestType, ResponseData } from './protocol';

type Wire = RequestMessage | BatchMessage;

/**
 * True once this script's extension context is gone (extension updated, reloaded or removed). From then on the
 * page keeps working; Carebar only shows a quiet "reload the tab" hint.
 */
export function extensionContextInvalidated(): boolean {
  try {
    return !browser.runtime?.id;
  } catch {
    return true;
  }
}

const RETRY_DELAYS_MS = [100, 300, 1000];

function isTransient(err: unknown): boolean {
  // While a killed service worker restarts, Chrome may answer "Receiving end does not exist".
  return /Receiving end does not exist|Could not establish connection|message port closed/i.test(String(err));
}

/**
 * Firefox: send requests over one port (see REQUESTS_PORT). The port drops when Firefox stops the idle background
 * or the tab unloads; requests in flight then fail as transient ("message port closed") and are retried on a new
 * port, which wakes the background — as sendMessage does.
 */
function createPortSender(): (message: Wire) => Promise<unknown> {
  let port: Runtime.Port | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: unknown) => void; reject: (err: Error) => void }>();
  const open = (): Runtime.Port => {
    if (port) return port;
    const opened = browser.runtime.connect({ name: REQUESTS_PORT });
    opened.onMessage.addListener((msg: unknown) => {
      const { id, reply } = (msg ?? {}) as Partial<PortReply>;
      const entry = typeof id === 'number' ? pending.get(id) : undefined;
      if (!entry) return;
      pending.delete(id!);
      entry.resolve(reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
      for (const entry of pending.values()) entry.reject(new Error('Could not establish connection: message port closed'));
      pending.clear();
    });
    port = opened;
    return opened;
  };
  return (message) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        open().postMessage({ id, message });
      } catch (err) {
        pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
}

let portSender: ((message: Wire) => Promise<unknown>) | null = null;
const send = (message: Wire): Promise<unknown> => {
  if (!import.meta.env?.FIREFOX) return browser.runtime.sendMessage(message);
  portSender ??= createPortSender();
  return portSender(message);
};

/**
 * In a content script, requests made in the same turn (the request batchers flush on one shared tick) travel as one
 * message (./ports BATCH): each message costs the page ~1 ms. Each request still gets its own reply, and a failed send
 * fails (and retries) each. Extension pages send one by one: there a slow request (a remote CRM) must not hold others.
 */
const batching = !globalThis.location?.protocol.endsWith('-extension:');
let queue: { message: RequestMessage; done: (reply: Promise<unknown>) => void }[] = [];
const flush = () => {
  const all = queue;
  queue = [];
  for (let i = 0; i < all.length; i += BATCH_MAX) {
    const group = all.slice(i, i + BATCH_MAX);
    const alone = group.length < 2;
    // Wrapped: sendMessage may throw at once (context gone); that must reach every caller, not the timer.
    const sent = new Promise<unknown>((r) =>
      r(send(alone ? group[0].message : { carebar: 1, type: BATCH, requests: group.map((q) => q.message) })),
    );
    group.forEach((q, j) => q.done(alone ? sent : sent.then((replies) => (Array.isArray(replies) ? replies[j] : replies))));
  }
};
const enqueue = (message: RequestMessage): Promise<unknown> => {
  if (!batching) return send(message);
  return new Promise((done) => {
    if (queue.push({ message, done }) === 1) setTimeout(flush);
  });
};

/**
 * The customer card's token (issue 11, finding 3): the framed card receives it from the toolbar that opened it and
 * every request it sends carries it. Never set anywhere else.
 */
let cardToken: string | null = null;
export function setCardToken(token: string): void {
  cardToken = token;
}

/** Message the toolbar posts into the card's frame (target origin: the extension's) to hand over the token. */
export const CARD_TOKEN_MESSAGE = 'carebar:card-token';

/** Send one request to the background; resolves with its data or throws CarebarRequestError. */
export async function request<T extends RequestType>(type: T, payload: RequestInput<T>): Promise<ResponseData[T]> {
  const message: RequestMessage<T> = { carebar: 1, type, payload, ...(cardToken ? { cardToken } : {}) };
  for (let attempt = 0; ; attempt++) {
    if (extensionContextInvalidated()) {
      throw new CarebarRequestError('disconnected', 'Carebar was updated or restarted: reload this tab.');
    }
    try {
      const reply = (await enqueue(message)) as Reply<T> | undefined;
      if (!reply) throw new CarebarRequestError('internal', 'The Carebar background did not answer.');
      if (!reply.ok) throw new CarebarRequestError(reply.error.code, reply.error.message, reply.error.issues);
      return reply.data;
    } catch (err) {
      if (err instanceof CarebarRequestError) throw err;
      if (extensionContextInvalidated() || /context invalidated/i.test(String(err))) {
        throw new CarebarRequestError('disconnected', 'Carebar was updated or restarted: reload this tab.');
      }
      if (isTransient(err) && attempt < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      throw new CarebarRequestError('internal', `Carebar background unreachable: ${String(err)}`);
    }
  }
}

export type ConnectionStatus = 'connected' | 'reconnecting' | 'invalidated';

/**
 * Keep a port open to the background to receive change notices. MV3 stops an idle service worker, which drops
 * the port: reconnect (waking it) and call `onReconnect` so the caller can re-sync what it missed.
 */
export function subscribeToChanges(handlers: {
  onChange: (notice: ChangeNotice) => void;
  onStatus?: (status: ConnectionStatus) => void;
  onReconnect?: () => void;
}): () => void {
  let port: Runtime.Port | null = null;
  let stopped = false;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (stopped) return;
    if (extensionContextInvalidated()) {
      handlers.onStatus?.('invalidated');
      return;
    }
    try {
      port = browser.runtime.connect({ name: CHANGES_PORT });
    } catch {
      handlers.onStatus?.(extensionContextInvalidated() ? 'invalidated' : 'reconnecting');
      scheduleReconnect();
      return;
    }
    const wasRetry = retry > 0;
    port.onMessage.addListener((msg: unknown) => {
      retry = 0;
      const type = (msg as ChangeNotice)?.type;
      if (type === 'items.changed' || type === 'settings.changed') handlers.onChange(msg as ChangeNotice);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (stopped) return;
      if (extensionContextInvalidated()) {
        handlers.onStatus?.('invalidated');
        return;
      }
      handlers.onStatus?.('reconnecting');
      scheduleReconnect();
    });
    handlers.onStatus?.('connected');
    if (wasRetry) handlers.onReconnect?.();
    // A port that stays up proves the background is back: the next drop starts the back-off afresh.
    const current = port;
    setTimeout(() => {
      if (port === current) retry = 0;
    }, 2000);
  };

  const scheduleReconnect = () => {
    const delay = Math.min(5000, 200 * 2 ** retry++);
    timer = setTimeout(connect, delay);
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    try {
      port?.disconnect();
    } catch {
      /* context already gone */
    }
  };
}
