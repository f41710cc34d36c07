import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CarebarDB } from '../../lib/background/db/schema';
import { handleRequest, type SenderInfo, type ServerContext } from '../../lib/background/server';
import { REQUESTS, type ErrorCode } from '../../lib/shared/messaging/protocol';
import { freshFactory, openDb, post } from './helpers/db';

// Issue 11, "keep them closed": every background handler, random payloads, foreign and real senders. A reply is
// always a typed answer (never a throw, never an internal error); a refused request writes nothing.

const RUNTIME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${RUNTIME_ID}/`;
const TYPED: ErrorCode[] = ['invalid', 'forbidden', 'unknown-type', 'not-found', 'rejected', 'storage'];

const SENDERS: Record<string, SenderInfo> = {
  otherExtension: { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' },
  webPage: { id: undefined, url: 'https://evil.example/' },
  unknownSite: { id: RUNTIME_ID, url: 'https://evil.example/', tab: { id: 7, url: 'https://evil.example/' } },
  spoofedPage: { id: RUNTIME_ID, url: `${ORIGIN}options.html`, tab: { id: 7, url: 'https://x.com/' } },
  cardWithoutToken: { id: RUNTIME_ID, url: `${ORIGIN}customer-card.html`, tab: { id: 7, url: 'https://x.com/home' } },
  xScript: { id: RUNTIME_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' } },
  facebookScript: { id: RUNTIME_ID, url: 'https://www.facebook.com/', tab: { id: 4, url: 'https://www.facebook.com/' } },
  optionsPage: { id: RUNTIME_ID, url: `${ORIGIN}options.html` },
};
/** Senders that may never change anything, whatever they send. */
const FOREIGN = ['otherExtension', 'webPage', 'unknownSite', 'spoofedPage', 'cardWithoutToken'];

async function snapshot(db: CarebarDB): Promise<string> {
  const tables = await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const));
  return JSON.stringify(tables);
}

async function setup() {
  const db = openDb(freshFactory());
  const ctx: ServerContext = {
    db,
    runtimeId: RUNTIME_ID,
    extensionOrigin: ORIGIN,
    version: '0',
    startedAt: '',
    broadcast: () => {},
    // No network in the fuzz: a fetch is refused like an unreachable server.
    snippets: {
      policy: async () => ({}),
      fetch: async () => {
        throw new Error('offline');
      },
      onPacksChanged: () => {},
    },
    hostPermitted: async () => false,
  };
  // Some state for the handlers to find: items on both sites, an event, settings.
  await handleRequest({ carebar: 1, type: 'items.seen', payload: { posts: [post({ postId: '1' })] } }, SENDERS.xScript, ctx);
  await handleRequest({ carebar: 1, type: 'items.setState', payload: { key: 'x:1', to: 'claimed' } }, SENDERS.xScript, ctx);
  return { db, ctx };
}

// Payloads shaped like the real ones (the field names requests use, values near and past their limits), and anything.
const KEY = fc.oneof(fc.constantFrom('x:1', 'x:2', 'facebook:1234567890', 'facebook:pfbid0abc_12', 'x:<img>', ''), fc.string());
const VALUE = fc.oneof(
  KEY,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('x', 'facebook', 'dm', 'claimed', 'replied', 'closed', 'json', 'csv', 'post', 'draft', '__proto__', 'constructor'),
  fc.string({ maxLength: 300 }),
  fc.array(KEY, { maxLength: 5 }),
  fc.uuid(),
  fc.webUrl(),
);
const FIELD = fc.constantFrom(
  'key',
  'keys',
  'channel',
  'to',
  'note',
  'posts',
  'authors',
  'query',
  'text',
  'role',
  'id',
  'eventId',
  'customerId',
  'identityKey',
  'settings',
  'config',
  'token',
  'document',
  'url',
  'label',
  'jwk',
  'keyId',
  'password',
  'days',
  'confirm',
  'rows',
  'answers',
  'source',
  'kind',
  '__proto__',
);
const PAYLOAD = fc.oneof(
  fc.dictionary(
    FIELD,
    fc.oneof(VALUE, fc.dictionary(FIELD, VALUE, { maxKeys: 4 }), fc.array(fc.dictionary(FIELD, VALUE, { maxKeys: 6 }), { maxLength: 3 })),
  ),
  fc.anything({ maxDepth: 3 }),
);

describe('property-based fuzzing of every background handler', () => {
  const types = Object.keys(REQUESTS);
  it('covers every request type', () => expect(types.length).toBeGreaterThan(40));

  it('random payloads from every kind of sender: a typed reply, never a crash; refusals and foreign senders write nothing', async () => {
    const { db, ctx } = await setup();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), fc.constantFrom(...Object.keys(SENDERS)), PAYLOAD, async (type, senderName, payload) => {
        const before = await snapshot(db);
        let reply;
        try {
          reply = await handleRequest({ carebar: 1, type, payload }, SENDERS[senderName], ctx);
        } catch (err) {
          throw new Error(`${type} from ${senderName} threw: ${String(err)}`);
        }
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) {
          expect(TYPED, `${type} from ${senderName}: ${reply.error.message}`).toContain(reply.error.code);
          expect(typeof reply.error.message).toBe('string');
        }
        if (!reply.ok || FOREIGN.includes(senderName)) expect(await snapshot(db), `${type} from ${senderName} wrote`).toBe(before);
        if (FOREIGN.includes(senderName) && type !== 'ping') expect(reply.ok, `${type} from ${senderName}`).toBe(false);
      }),
      { numRuns: 1500, seed: 20261130 },
    );
  }, 120_000);

  it('malformed envelopes and unknown types are typed errors', async () => {
    const { db, ctx } = await setup();
    const before = await snapshot(db);
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 3 }), fc.constantFrom(...Object.keys(SENDERS)), async (message, senderName) => {
        const reply = await handleRequest(message, SENDERS[senderName], ctx);
        expect(reply.ok).toBe(false);
        if (!reply.ok) expect(TYPED).toContain(reply.error.code);
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(await snapshot(db)).toBe(before);
  });
});
