// Port names in a module of their own: the content script needs them but must not pull the request schemas
// (valibot) in through the protocol module.

/**
 * Carebar's own requests travel over this port (lib/shared/messaging/client.ts), not runtime.sendMessage: Chrome
 * opens a channel per sendMessage (~0.2 ms of the page's time each), and a sendMessage promise still pending when its
 * page unloads makes Firefox log "Promise rejected after context unloaded" (uncatchable). The background answers
 * runtime messages too, with the same handler and checks. Each request `{ id, message }` is answered `{ id, reply }`;
 * the background also pushes change notices (`{ type: 'items.changed' | 'settings.changed', … }`, no id) on it to the
 * extension's own pages and content scripts, so each page keeps one port, kept open while it subscribes to changes.
 */
export const REQUESTS_PORT = 'carebar:requests';

/**
 * Requests made in the same turn travel as one runtime message, `{ carebar: 1, type: BATCH, requests }` (each a
 * RequestMessage), answered with one reply per request in order: each message costs the page ~1 ms whatever it
 * carries (#13.7). The background refuses a batch that is empty, longer than BATCH_MAX, or holds another batch.
 */
export const BATCH = 'batch';
export const BATCH_MAX = 32;
