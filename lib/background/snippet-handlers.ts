import type { RequestInput, RequestType, ResponseData } from '../shared/messaging/protocol';
import type { ServerContext } from './server';
import {
  acceptPack,
  deletePersonalSnippet,
  listPacks,
  listSnippets,
  readSnippetConfig,
  recordUsage,
  refreshPacks,
  removePack,
  renderForInsert,
  rollbackPack,
  savePersonalSnippet,
  searchOptions,
  setApprovedOnly,
  subscribe,
  takeNotices,
  trustKey,
  untrustKey,
  unsubscribe,
  SnippetError,
  type FetchLike,
  type ManagedPolicy,
} from './db/snippets';
import { measureLength } from '../shared/snippets/length';
import { keyIdOf, PackRejectedError, PublicKeyJwkSchema } from '../shared/snippets/pack-format';
import { exportSupervisorKey, generateSupervisorKey, importSupervisorKey, listSupervisorKeys, signWithSupervisorKey } from '../shared/snippets/signing-keys';
import * as v from 'valibot';

// The background's snippet and pack request handlers (wired in lib/background/server.ts).

/** What the background provides: the managed policy (storage.managed), the network, and a hook after pack changes. */
export const snippetEnvironment: {
  policy: () => Promise<ManagedPolicy>;
  fetch: FetchLike;
  onPacksChanged: (messages: string[]) => void;
} = {
  policy: async () => ({}),
  fetch: (url, init) => fetch(url, init),
  onPacksChanged: () => {},
};

type SnippetRequest = Extract<RequestType, `snippets.${string}` | `packs.${string}` | `supervisor.${string}` | 'text.length'>;
type SnippetHandlers = { [T in SnippetRequest]: (input: RequestInput<T>, ctx: ServerContext) => Promise<ResponseData[T]> };

export const snippetHandlers: SnippetHandlers = {
  'snippets.search': async (input, ctx) => ({ results: await searchOptions(ctx.db, { ...input, key: input.key }, await snippetEnvironment.policy()) }),
  'snippets.render': async ({ id, key, channel, answers, existing }, ctx) => {
    const rendered = await renderForInsert(ctx.db, { id, key, answers }, await snippetEnvironment.policy());
    return { ...rendered, length: measureLength(channel, (existing ?? '') + rendered.text) };
  },
  'snippets.used': async ({ id }, ctx) => ({ usage: await recordUsage(ctx.db, id) }),
  'text.length': async ({ channel, text }) => measureLength(channel, text),
  'snippets.list': async (_input, ctx) => {
    const policy = await snippetEnvironment.policy();
    return { snippets: await listSnippets(ctx.db, policy), approvedOnly: (await readSnippetConfig(ctx.db, policy)).approvedOnly };
  },
  'snippets.savePersonal': async (input, ctx) => ({ snippet: await savePersonalSnippet(ctx.db, input, await snippetEnvironment.policy()) }),
  'snippets.deletePersonal': async ({ id }, ctx) => {
    await deletePersonalSnippet(ctx.db, id);
    return { ok: true };
  },
  'packs.list': async (_input, ctx) => ({
    packs: await listPacks(ctx.db),
    config: await readSnippetConfig(ctx.db, await snippetEnvironment.policy()),
  }),
  'packs.install': async ({ document }, ctx) => {
    const result = await acceptPack(ctx.db, document, { policy: await snippetEnvironment.policy() });
    if (result.status === 'installed') snippetEnvironment.onPacksChanged([result.message]);
    return result;
  },
  'packs.rollback': async ({ id }, ctx) => {
    const result = await rollbackPack(ctx.db, id);
    snippetEnvironment.onPacksChanged([result.message]);
    return result;
  },
  'packs.remove': async ({ id }, ctx) => {
    await removePack(ctx.db, id);
    snippetEnvironment.onPacksChanged([]);
    return { ok: true };
  },
  'packs.subscribe': async ({ url }, ctx) => ({ config: await subscribe(ctx.db, url) }),
  'packs.unsubscribe': async ({ url }, ctx) => ({ config: await unsubscribe(ctx.db, url) }),
  'packs.refresh': async (_input, ctx) => {
    const results = await refreshPacks(ctx.db, snippetEnvironment.fetch, { policy: await snippetEnvironment.policy() });
    // "Pack X updated to 1.4.0" is announced once, by whichever refresh applied it.
    snippetEnvironment.onPacksChanged(await takeNotices(ctx.db));
    return { results };
  },
  'packs.trustKey': async ({ label, jwk }, ctx) => {
    const parsed = v.safeParse(PublicKeyJwkSchema, typeof jwk === 'string' ? safeJson(jwk) : jwk);
    if (!parsed.success) throw new SnippetError('Not a P-256 public key in JWK form ({"kty":"EC","crv":"P-256","x":…,"y":…}).');
    const key = { kty: 'EC' as const, crv: 'P-256' as const, x: parsed.output.x, y: parsed.output.y };
    return { config: await trustKey(ctx.db, { keyId: await keyIdOf(key), label, jwk: key }) };
  },
  'packs.untrustKey': async ({ keyId }, ctx) => ({ config: await untrustKey(ctx.db, keyId) }),
  'packs.setApprovedOnly': async ({ approvedOnly }, ctx) => ({ config: await setApprovedOnly(ctx.db, approvedOnly) }),
  'supervisor.keys': async (_input, ctx) => ({ keys: await listSupervisorKeys(ctx.db) }),
  'supervisor.generateKey': async ({ label, password }, ctx) => ({ key: await generateSupervisorKey(ctx.db, label, password) }),
  'supervisor.exportKey': async ({ keyId }, ctx) => ({ file: await exportSupervisorKey(ctx.db, keyId) }),
  'supervisor.importKey': async ({ file, password }, ctx) => ({ key: await importSupervisorKey(ctx.db, file, password) }),
  'supervisor.sign': async ({ keyId, pack }, ctx) => ({ pack: await signWithSupervisorKey(ctx.db, keyId, typeof pack === 'string' ? safeJson(pack) : pack) }),
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PackRejectedError('malformed', `Not valid JSON: ${(err as Error).message}`);
  }
}

/** Errors of this module that are the agent's to read (a rejected pack, a wrong password…), not bugs. */
export function isSnippetRejection(err: unknown): err is Error & { issues?: string[] } {
  const name = (err as Error)?.name;
  return name === 'PackRejectedError' || name === 'SnippetError' || name === 'SigningKeyError';
}
