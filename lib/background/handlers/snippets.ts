import * as v from 'valibot';
import { measureLength } from '../../shared/snippets/length';
import { keyIdOf, PackRejectedError, PublicKeyJwkSchema } from '../../shared/snippets/pack-format';
import type { RequestType } from '../../shared/messaging/protocol';
import { readSnippetConfig, setApprovedOnly, subscribe, takeNotices, trustKey, untrustKey, unsubscribe } from '../snippets/config';
import { SnippetError } from '../snippets/errors';
import { renderForInsert, searchOptions } from '../snippets/fill';
import { listSnippets, recordUsage } from '../snippets/library';
import { acceptPack, listPacks, removePack, rollbackPack } from '../snippets/packs';
import { deletePersonalSnippet, savePersonalSnippet } from '../snippets/personal';
import { refreshPacks } from '../snippets/refresh';
import {
  exportSupervisorKey,
  generateSupervisorKey,
  importSupervisorKey,
  listSupervisorKeys,
  signWithSupervisorKey,
} from '../snippets/signing-keys';
import type { HandlerTable, ServerContext, SnippetEnvironment } from './context';

// Snippets, packs and supervisor signing keys.

/** Without a browser around (tests): no managed policy, the global fetch, no notifications. */
const PLAIN_ENVIRONMENT: SnippetEnvironment = {
  policy: async () => ({}),
  fetch: (url, init) => fetch(url, init),
  onPacksChanged: () => {},
};
const env = (ctx: ServerContext) => ctx.snippets ?? PLAIN_ENVIRONMENT;

type SnippetRequest = Extract<RequestType, `snippets.${string}` | `packs.${string}` | `supervisor.${string}` | 'text.length'>;

export const snippetHandlers: HandlerTable<SnippetRequest> = {
  'snippets.search': async (input, ctx) => ({
    results: await searchOptions(ctx.db, { ...input, key: input.key }, await env(ctx).policy()),
  }),
  'snippets.render': async ({ id, key, channel, answers, existing }, ctx) => {
    const rendered = await renderForInsert(ctx.db, { id, key, answers }, await env(ctx).policy());
    return { ...rendered, length: measureLength(channel, (existing ?? '') + rendered.text) };
  },
  'snippets.used': async ({ id }, ctx) => ({ usage: await recordUsage(ctx.db, id) }),
  'text.length': async ({ channel, text }) => measureLength(channel, text),
  'snippets.list': async (_input, ctx) => {
    const policy = await env(ctx).policy();
    return { snippets: await listSnippets(ctx.db, policy), approvedOnly: (await readSnippetConfig(ctx.db, policy)).approvedOnly };
  },
  'snippets.savePersonal': async (input, ctx) => ({ snippet: await savePersonalSnippet(ctx.db, input, await env(ctx).policy()) }),
  'snippets.deletePersonal': async ({ id }, ctx) => {
    await deletePersonalSnippet(ctx.db, id);
    return { ok: true };
  },
  'packs.list': async (_input, ctx) => ({
    packs: await listPacks(ctx.db),
    config: await readSnippetConfig(ctx.db, await env(ctx).policy()),
  }),
  'packs.install': async ({ document }, ctx) => {
    const result = await acceptPack(ctx.db, document, { policy: await env(ctx).policy() });
    if (result.status === 'installed') env(ctx).onPacksChanged([result.message]);
    return result;
  },
  'packs.rollback': async ({ id }, ctx) => {
    const result = await rollbackPack(ctx.db, id, { policy: await env(ctx).policy() });
    env(ctx).onPacksChanged([result.message]);
    return result;
  },
  'packs.remove': async ({ id }, ctx) => {
    await removePack(ctx.db, id);
    env(ctx).onPacksChanged([]);
    return { ok: true };
  },
  'packs.subscribe': async ({ url }, ctx) => ({ config: await subscribe(ctx.db, url) }),
  'packs.unsubscribe': async ({ url }, ctx) => ({ config: await unsubscribe(ctx.db, url) }),
  'packs.refresh': async (_input, ctx) => {
    const results = await refreshPacks(ctx.db, env(ctx).fetch, { policy: await env(ctx).policy() });
    // "Pack X updated to 1.4.0" is announced once, by whichever refresh applied it.
    env(ctx).onPacksChanged(await takeNotices(ctx.db));
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
  'supervisor.sign': async ({ keyId, pack }, ctx) => ({
    pack: await signWithSupervisorKey(ctx.db, keyId, typeof pack === 'string' ? safeJson(pack) : pack),
  }),
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
