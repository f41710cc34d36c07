import type { Runtime } from 'webextension-polyfill';
import { browser } from '../browser';
import { CarebarRequestError } from './errors';

export { CarebarRequestError };
import { BATCH, BATCH_MAX, REQUESTS_PORT } from './ports';
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

/** Requests in flight when the port drops fail with this, and are tried again on a new port. */
const PORT_CLOSED = 'message port closed';

/**
 * Requests travel over one port (REQUESTS_PORT), each reply matched to its request by id. In Chrome a sendMessage
 * opens and closes a channel per message: about a tenth of Carebar's time in a long scroll (#13.7). In Firefox a
 * sendMessage promise still pending when its page unloads logs an uncatchable error. The background pushes change
 * notices on the same port: one connection per page, not two. The port drops when the browser stops the idle
 * background or the tab unloads: requests in flight then fail with PORT_CLOSED and are tried again on a new port,
 * which wakes the background; while anyone subscribes to changes, the port is reopened with back-off.
 */
let port: Runtime.Port | null = null;
let lastId = 0;
const pending = new Map<number, [resolve: (reply: unknown) => void, reject: (err: Error) => void]>();

type Subscriber = {
  onChange: (notice: ChangeNotice) => void;
  onStatus?: (status: ConnectionStatus) => void;
  onReconnect?: () => void;
};
const subscribers = new Set<Subscriber>();
/** Drops since the port last stayed up 2 s: the back-off's exponent, and > 0 makes the next opening a reconnect. */
let retry = 0;
const status = (s: ConnectionStatus) => subscribers.forEach((sub) => sub.onStatus?.(s));

const open = (): Runtime.Port => {
  const opened = (port = browser.runtime.connect({ name: REQUESTS_PORT }));
  // The background posts replies (with an id) and change notices (without) on this port, nothing else.
  opened.onMessage.addListener((m: unknown) => {
    const msg = m as PortReply | ChangeNotice;
    if ('id' in msg) {
      pending.get(msg.id)?.[0](msg.reply);
      pending.delete(msg.id);
    } else subscribers.forEach((sub) => sub.onChange(msg));
  });
  opened.onDisconnect.addListener(() => {
    for (const entry of pending.values()) entry[1](new Error(PORT_CLOSED));
    pending.clear();
    if (port === opened) lose();
  });
  status('connected');
  // After a drop the caller re-syncs what it missed (whoever reopened the port: the back-off or a request).
  if (retry) subscribers.forEach((sub) => sub.onReconnect?.());
  // A port that stays up proves the background is back: the next drop starts the back-off afresh.
  setTimeout(() => port === opened && (retry = 0), 2000);
  return opened;
};

/** The port is gone: while anyone subscribes, reopen it (waking the background) after 200 ms × 2^n, at most 5 s. */
const lose = () => {
  port = null;
  if (!subscribers.size) return;
  if (extensionContextInvalidated()) return status('invalidated');
  status('reconnecting');
  setTimeout(connect, Math.min(5000, 200 * 2 ** retry++));
};

/** A request may have reopened the port meanwhile, or the last subscriber gone. */
const connect = () => {
  if (port || !subscribers.size) return;
  if (extensionContextInvalidated()) return status('invalidated');
  try {
    open();
  } catch {
    lose();
  }
};

const send = (message: Wire): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const current = port ?? open();
    const id = ++lastId;
    try {
      current.postMessage({ id, message });
    } catch {
      // Disconnected before its onDisconnect ran: the next try opens a new port.
      lose();
      return reject(new Error(PORT_CLOSED));
    }
    pending.set(id, [resolve, reject]);
  });

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
    // `send` fails by rejecting, never by throwing (a context gone reaches every caller, not the timer).
    const sent = send(alone ? group[0].message : { carebar: 1, type: BATCH, requests: group.map((q) => q.message) });
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
      if (String(err).includes(PORT_CLOSED) && attempt < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      throw new CarebarRequestError('internal', `Carebar background unreachable: ${String(err)}`);
    }
  }
}

export type ConnectionStatus = 'connected' | 'reconnecting' | 'invalidated';

/**
 * Receive change notices: the request port is kept open meanwhile. MV3 stops an idle service worker, which drops
 * the port: it is reopened (waking the worker) and `onReconnect` called so the caller can re-sync what it missed.
 */
export function subscribeToChanges(handlers: Subscriber): () => void {
  const sub = { ...handlers }; // its own entry, even if the same handlers subscribe twice
  subscribers.add(sub);
  if (port) sub.onStatus?.('connected');
  else connect();
  // The port stays open for requests (and the next subscriber) but is not reopened without subscribers; the next
  // subscriber's first connection is no reconnect.
  return () => {
    subscribers.delete(sub);
    if (!subscribers.size) retry = 0;
  };
}
