import MiniSearch from 'minisearch';
import type { CarebarDB } from './schema';
import type { PackRow, SnippetRow } from '../../shared/records';
import { customerCard } from './customers';
import { readSettings } from './settings';
import { checkParsedPack, compareVersions, PackRejectedError, parsePack, type Pack, type PackSnippet, type TrustedKey } from '../../shared/snippets/pack-format';
import { STARTER_PACK_ID, STARTER_PACK_VERSION, STARTER_SNIPPETS } from '../../shared/snippets/starter-pack';
import { parseTemplate, renderTemplate, type FillContext, type TemplateError } from '../../shared/snippets/template';

/**
 * Snippets and packs in the extension's database. A pack's snippets live in its `packs` row, as the verified
 * document's JSON text (ids `<packId>/<snippetId>`): installing a version is one row write, and they can change
 * only by installing a verified pack. The `snippets` table holds the agent's personal snippets (packId null, ids
 * `personal:<uuid>`, shown as "not approved"). Usage counts of both are one settings row. All writes go through
 * this module, which keeps the background's search index in step.
 */

export type SnippetChannel = 'x' | 'facebook' | 'dm';

/** Configuration an IT team pushes through managed storage (public/managed_schema.json). */
export interface ManagedPolicy {
  packUrls?: string[];
  trustedKeys?: TrustedKey[];
  approvedOnly?: boolean;
  refreshMinutes?: number;
}

export interface Subscription {
  url: string;
  packId: string | null;
  etag: string | null;
  lastCheckedAt: string | null;
  /** What the last check did, in words the agent can read. */
  lastResult: string | null;
  lastError: string | null;
  /** From managed storage: the agent cannot remove it. */
  managed?: boolean;
}

export interface SnippetConfig {
  approvedOnly: boolean;
  trustedKeys: (TrustedKey & { managed?: boolean })[];
  subscriptions: Subscription[];
  /** Messages shown once (e.g. "pack X updated to 1.4.0"). */
  notices: string[];
}

const CONFIG_KEY = 'snippets.config';
const DEFAULT_CONFIG: SnippetConfig = { approvedOnly: false, trustedKeys: [], subscriptions: [], notices: [] };
export const DEFAULT_REFRESH_MINUTES = 15;

async function readStoredConfig(db: CarebarDB): Promise<SnippetConfig> {
  return { ...DEFAULT_CONFIG, ...((await db.settings.get(CONFIG_KEY))?.value as Partial<SnippetConfig> | undefined) };
}

/** The stored configuration with the managed policy laid over it (policy wins; its keys and URLs are added). */
export async function readSnippetConfig(db: CarebarDB, policy: ManagedPolicy = {}): Promise<SnippetConfig> {
  const stored = await readStoredConfig(db);
  const keys = [...(policy.trustedKeys ?? []).map((k) => ({ ...k, managed: true })), ...stored.trustedKeys.filter((k) => !policy.trustedKeys?.some((p) => p.keyId === k.keyId))];
  const subs = [...stored.subscriptions];
  for (const url of policy.packUrls ?? []) {
    const existing = subs.find((s) => s.url === url);
    if (existing) existing.managed = true;
    else subs.push({ url, packId: null, etag: null, lastCheckedAt: null, lastResult: null, lastError: null, managed: true });
  }
  return { ...stored, approvedOnly: policy.approvedOnly ?? stored.approvedOnly, trustedKeys: keys, subscriptions: subs };
}

async function updateConfig(db: CarebarDB, change: (c: SnippetConfig) => void): Promise<SnippetConfig> {
  const saved = await db.transaction('rw', db.settings, async () => {
    const config = await readStoredConfig(db);
    change(config);
    await db.settings.put({ key: CONFIG_KEY, value: config });
    return config;
  });
  touch(db);
  return saved;
}

/** Pack documents are stored as their JSON text: one string clones far faster than thousands of objects. */
const packDocument = (doc: unknown): Pack | null => (doc == null ? null : ((typeof doc === 'string' ? JSON.parse(doc) : doc) as Pack));

// ---- search index (background memory) ----

interface IndexCache {
  generation: number;
  policyKey: string;
  index: MiniSearch<SnippetRow>;
  rows: Map<string, SnippetRow>;
  packNames: Map<string, string>;
  visible: (row: SnippetRow) => boolean;
}
const generations = new WeakMap<CarebarDB, number>();
const indexes = new WeakMap<CarebarDB, IndexCache>();
const touch = (db: CarebarDB) => generations.set(db, (generations.get(db) ?? 0) + 1);

export function buildIndex(rows: SnippetRow[]): MiniSearch<SnippetRow> {
  const index = new MiniSearch<SnippetRow>({
    fields: ['title', 'body', 'tagText'],
    storeFields: [],
    extractField: (doc, field) => (field === 'tagText' ? doc.tags.join(' ') : (doc as unknown as Record<string, string>)[field]),
    // Only the word being typed (the last) matches by prefix; longer words forgive a typo.
    searchOptions: { boost: { title: 3, tagText: 2 }, prefix: (_term, i, terms) => i === terms.length - 1, fuzzy: (term) => (term.length > 4 ? 0.2 : 0), combineWith: 'AND' },
  });
  index.addAll(rows);
  return index;
}

/**
 * The search index, the rows and what decides visibility, kept in the background's memory and rebuilt only after
 * a write (every write goes through this module) or a policy change: a keystroke costs one index lookup.
 */
async function searchable(db: CarebarDB, policy: ManagedPolicy): Promise<IndexCache> {
  await ensureStarterPack(db);
  const generation = generations.get(db) ?? 0;
  const policyKey = JSON.stringify(policy);
  const cached = indexes.get(db);
  if (cached && cached.generation === generation && cached.policyKey === policyKey) return cached;
  const reuse = cached && cached.generation === generation;
  const [rows, packs, visible] = await Promise.all([reuse ? [] : allSnippetRows(db), packMeta(db), visibility(db, policy)]);
  const cache = {
    generation,
    policyKey,
    index: reuse ? cached.index : buildIndex(rows),
    rows: reuse ? cached.rows : new Map(rows.map((r) => [r.id, r])),
    packNames: new Map(packs.map((p) => [p.id, p.name])),
    visible,
  };
  indexes.set(db, cache);
  return cache;
}

const USAGE_KEY = 'snippets.usage';
async function readUsage(db: CarebarDB): Promise<Record<string, number>> {
  return ((await db.settings.get(USAGE_KEY))?.value as Record<string, number> | undefined) ?? {};
}

/** Personal rows and every installed pack's snippets, with usage counts. */
async function allSnippetRows(db: CarebarDB): Promise<SnippetRow[]> {
  const [personal, packs, usage] = await Promise.all([db.snippets.toArray(), db.packs.toArray(), readUsage(db)]);
  const rows = personal.filter((r) => r.packId === null);
  for (const pack of packs) for (const s of packDocument(pack.document)?.snippets ?? []) rows.push(snippetRow(pack.id, s, 0));
  for (const row of rows) row.usage = usage[row.id] ?? row.usage ?? 0;
  return rows;
}

/** Pack rows without their documents. */
async function packMeta(db: CarebarDB): Promise<PackRow[]> {
  const rows: PackRow[] = [];
  await db.packs.each((row) => {
    rows.push({ ...row, document: null, previous: row.previous ? true : null });
  });
  return rows;
}

const shortKeyCache = new WeakMap<SnippetRow, string[]>();
function shortKeys(row: SnippetRow): string[] {
  let keys = shortKeyCache.get(row);
  if (!keys) shortKeyCache.set(row, (keys = [...row.title.toLowerCase().split(/\s+/), ...row.tags.map((t) => t.toLowerCase())]));
  return keys;
}

/** Which snippets an agent may use now: starter hidden by a replacing pack, personal ones off by policy. */
async function visibility(db: CarebarDB, policy: ManagedPolicy): Promise<(row: SnippetRow) => boolean> {
  const config = await readSnippetConfig(db, policy);
  const packs = await packMeta(db);
  const starterReplaced = packs.some((p) => p.id !== STARTER_PACK_ID && p.replacesStarter);
  return (row) => {
    if (row.packId === null) return !config.approvedOnly;
    if (row.packId === STARTER_PACK_ID) return !starterReplaced;
    return true;
  };
}

// ---- starter pack ----

/** Install (or update) the starter pack that ships inside the extension. Usage counts survive updates. */
const starterChecked = new WeakSet<CarebarDB>();
export async function ensureStarterPack(db: CarebarDB): Promise<void> {
  if (starterChecked.has(db)) return;
  const row = await db.packs.get(STARTER_PACK_ID);
  starterChecked.add(db);
  if (row && row.version === STARTER_PACK_VERSION) return;
  const pack: Omit<Pack, 'signature'> = {
    id: STARTER_PACK_ID,
    name: 'Carebar starter pack',
    version: STARTER_PACK_VERSION,
    publishedAt: '2026-11-01T00:00:00Z',
    publisher: 'Carebar',
    snippets: STARTER_SNIPPETS,
  };
  await writePack(db, pack as Pack, null);
}

// ---- reading ----

export interface SnippetView {
  id: string;
  title: string;
  body: string;
  channels: string[];
  tags: string[];
  locale: string | null;
  packId: string | null;
  packName: string | null;
  approved: boolean;
  usage: number;
}

function view(row: SnippetRow, packNames: Map<string, string>): SnippetView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    channels: row.channels,
    tags: row.tags,
    locale: row.locale,
    packId: row.packId,
    packName: row.packId ? (packNames.get(row.packId) ?? row.packId) : null,
    approved: row.packId !== null,
    usage: row.usage,
  };
}

export async function listSnippets(db: CarebarDB, policy: ManagedPolicy = {}): Promise<SnippetView[]> {
  const { rows, visible, packNames } = await searchable(db, policy);
  return [...rows.values()].filter(visible).map((r) => view(r, packNames));
}

/** Fuzzy search by title, body and tags; an empty query lists the most used first. */
export async function searchSnippets(
  db: CarebarDB,
  input: { query: string; channel: SnippetChannel; limit?: number },
  policy: ManagedPolicy = {},
): Promise<SnippetView[]> {
  const { index, rows, visible, packNames: names } = await searchable(db, policy);
  const limit = input.limit ?? 20;
  const fits = (r: SnippetRow | undefined): r is SnippetRow => !!r && r.channels.includes(input.channel) && visible(r);
  const query = input.query.trim();
  let found: SnippetRow[];
  if (!query) {
    found = [...rows.values()].filter(fits).sort((a, b) => b.usage - a.usage || a.title.localeCompare(b.title));
  } else if (query.length < 3 && !/\s/.test(query)) {
    // One or two letters match most words by prefix, and scoring thousands of hits costs more than a keystroke may:
    // titles and tags with a word starting with them, most used first.
    const c = query.toLowerCase();
    found = [];
    for (const r of rows.values()) if (fits(r) && shortKeys(r).some((w) => w.startsWith(c))) found.push(r);
    found.sort((a, b) => b.usage - a.usage || a.title.localeCompare(b.title));
  } else {
    found = [];
    for (const hit of index.search(query)) {
      const row = rows.get(hit.id as string);
      if (fits(row)) found.push(row);
      if (found.length >= limit) break;
    }
  }
  return found.slice(0, limit).map((r) => view(r, names));
}

/** What an item's post and the agent's settings fill in. Only the CRM first name leaves the customer card. */
export async function fillContext(
  db: CarebarDB,
  key: string | null,
  fallback: { authorName?: string | null; authorHandle?: string | null } = {},
): Promise<FillContext> {
  const settings = await readSettings(db);
  const item = key ? await db.items.get(key) : undefined;
  let customerFirstName: string | null = null;
  if (key && item) {
    const card = await customerCard(db, key).catch(() => null);
    // A match by name alone is only a suggestion: do not greet a stranger by a CRM name.
    if (card?.customer && card.match !== 'name') customerFirstName = card.customer.name.trim().split(/\s+/)[0] || null;
  }
  return {
    customerFirstName,
    authorName: item?.authorName ?? fallback.authorName ?? null,
    authorHandle: item?.authorHandle ?? fallback.authorHandle ?? null,
    agentName: settings.agentName || null,
    agentInitials: settings.agentInitials || null,
  };
}

/** A palette option: the snippet with its preview filled for the post being answered. */
export interface SnippetOption {
  id: string;
  title: string;
  preview: string;
  /** Questions the agent answers before it can be inserted (prompts, variables without a value). */
  asks: string[];
  tags: string[];
  locale: string | null;
  approved: boolean;
  packName: string | null;
}

/** One palette session searches many times for the same post: its fill context is kept for a few seconds. */
const contextCache = new WeakMap<CarebarDB, Map<string, { at: number; ctx: Promise<FillContext> }>>();
const CONTEXT_TTL_MS = 5000;
function cachedFillContext(db: CarebarDB, key: string | null): Promise<FillContext> {
  let byKey = contextCache.get(db);
  if (!byKey) contextCache.set(db, (byKey = new Map()));
  const hit = byKey.get(key ?? '');
  if (hit && Date.now() - hit.at < CONTEXT_TTL_MS) return hit.ctx;
  const ctx = fillContext(db, key);
  if (byKey.size > 50) byKey.clear();
  byKey.set(key ?? '', { at: Date.now(), ctx });
  return ctx;
}

export async function searchOptions(
  db: CarebarDB,
  input: { query: string; channel: SnippetChannel; key: string | null; limit?: number },
  policy: ManagedPolicy = {},
): Promise<SnippetOption[]> {
  const [found, ctx] = await Promise.all([searchSnippets(db, input, policy), cachedFillContext(db, input.key)]);
  return found.map((s) => {
    const filled = renderTemplate(s.body, ctx);
    return { id: s.id, title: s.title, preview: filled.text, asks: filled.asks, tags: s.tags, locale: s.locale, approved: s.approved, packName: s.packName };
  });
}

/** The text to insert: every variable filled, or the questions still open (then nothing may be inserted). */
export async function renderForInsert(
  db: CarebarDB,
  input: { id: string; key: string | null; answers: Record<string, string> },
  policy: ManagedPolicy = {},
): Promise<{ text: string; asks: string[] }> {
  const row = await getSnippet(db, input.id, policy);
  const filled = renderTemplate(row.body, await fillContext(db, input.key), input.answers);
  if (filled.errors.length) throw new SnippetError(filled.errors[0].message);
  return { text: filled.asks.length ? '' : filled.text, asks: filled.asks };
}

export class SnippetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnippetError';
  }
}

export async function getSnippet(db: CarebarDB, id: string, policy: ManagedPolicy = {}): Promise<SnippetRow> {
  const { rows, visible } = await searchable(db, policy);
  const row = rows.get(id);
  if (!row || !visible(row)) throw new SnippetError(`No snippet ${id}`);
  return row;
}

// ---- writing ----

export async function recordUsage(db: CarebarDB, id: string): Promise<number> {
  const { rows } = await searchable(db, {});
  const row = rows.get(id);
  if (!row) throw new SnippetError(`No snippet ${id}`);
  const count = await db.transaction('rw', db.settings, async () => {
    const usage = await readUsage(db);
    usage[id] = (usage[id] ?? 0) + 1;
    await db.settings.put({ key: USAGE_KEY, value: usage });
    return usage[id];
  });
  // The index does not rank by usage: update the cached row instead of rebuilding the index.
  row.usage = count;
  return count;
}

export interface PersonalSnippetInput {
  id?: string;
  title: string;
  body: string;
  channels: SnippetChannel[];
  tags: string[];
  locale?: string | null;
}

export async function savePersonalSnippet(db: CarebarDB, input: PersonalSnippetInput, policy: ManagedPolicy = {}): Promise<SnippetView> {
  const config = await readSnippetConfig(db, policy);
  if (config.approvedOnly) throw new SnippetError('Your team allows approved snippets only: personal snippets are switched off.');
  const errors = parseTemplate(input.body).errors;
  if (errors.length) throw new SnippetError(errors[0].message);
  // Pack ids cannot contain ':', so a personal id never names a pack snippet.
  const id = input.id ?? `personal:${crypto.randomUUID()}`;
  if (!id.startsWith('personal:')) throw new SnippetError('Snippets from a pack can only be changed by the pack’s publisher.');
  const row = await db.transaction('rw', db.snippets, async () => {
    const existing = await db.snippets.get(id);
    if (!existing && input.id) throw new SnippetError(`No snippet ${id}`);
    const next: SnippetRow = {
      id,
      packId: null,
      title: input.title,
      body: input.body,
      channels: input.channels,
      tags: input.tags,
      locale: input.locale ?? null,
      usage: 0,
    };
    await db.snippets.put(next);
    return next;
  });
  touch(db);
  return view(row, new Map());
}

export async function deletePersonalSnippet(db: CarebarDB, id: string): Promise<void> {
  if (!id.startsWith('personal:')) throw new SnippetError('Snippets from a pack can only be changed by the pack’s publisher.');
  await db.transaction('rw', db.snippets, async () => {
    if (!(await db.snippets.get(id))) throw new SnippetError(`No snippet ${id}`);
    await db.snippets.delete(id);
  });
  touch(db);
}

function snippetRow(packId: string, s: PackSnippet, usage: number): SnippetRow {
  return { id: `${packId}/${s.id}`, packId, title: s.title, body: s.body, channels: s.channels, tags: s.tags, locale: s.locale ?? null, usage };
}

/**
 * Replace a pack in one row write: either the new version is in force, or the old one. (One row holding the
 * document's text is ~50× faster to write than a row per snippet, and a pack is always replaced whole.)
 */
async function writePack(db: CarebarDB, pack: Pack, previous: unknown, rolledBackFrom: string | null = null): Promise<PackRow> {
  const row = await db.transaction('rw', db.packs, async () => {
    const row: PackRow = {
      id: pack.id,
      name: pack.name,
      version: pack.version,
      publishedAt: pack.publishedAt,
      publisher: pack.publisher,
      document: JSON.stringify(pack),
      installedAt: new Date().toISOString(),
      previous: previous == null ? null : typeof previous === 'string' ? previous : JSON.stringify(previous),
      rolledBackFrom,
      snippetCount: pack.snippets.length,
      replacesStarter: pack.replacesStarter ?? false,
      expiresAt: pack.expiresAt ?? null,
    };
    await db.packs.put(row);
    return row;
  });
  touch(db);
  return row;
}

export interface PackResult {
  status: 'installed' | 'unchanged' | 'rejected';
  packId: string | null;
  version: string | null;
  message: string;
}

/**
 * Check a pack (signature by a trusted key, not expired, not a downgrade…) and install it in place of the
 * installed version, which is kept for rollback. A rejected pack changes nothing.
 */
export async function acceptPack(
  db: CarebarDB,
  input: unknown,
  opts: { policy?: ManagedPolicy; now?: number; expectedId?: string } = {},
): Promise<PackResult> {
  const config = await readSnippetConfig(db, opts.policy);
  const parsed = parsePack(input);
  if (parsed.id === STARTER_PACK_ID) throw new PackRejectedError('wrong-pack', 'The starter pack ships with Carebar and cannot be replaced by a file.');
  const current = await db.packs.get(parsed.id);
  const pack = await checkParsedPack(parsed, { trustedKeys: config.trustedKeys, current, now: opts.now, expectedId: opts.expectedId });
  if (current && compareVersions(pack.version, current.version) === 0) {
    return { status: 'unchanged', packId: pack.id, version: pack.version, message: `Pack "${pack.name}" ${pack.version} is already installed.` };
  }
  if (current?.rolledBackFrom && compareVersions(pack.version, current.rolledBackFrom) <= 0) {
    return { status: 'unchanged', packId: pack.id, version: current.version, message: `Pack "${pack.name}" was rolled back from ${current.rolledBackFrom}: waiting for a newer version.` };
  }
  await writePack(db, pack, current?.document ?? null);
  const message = current ? `Pack "${pack.name}" updated to ${pack.version}` : `Pack "${pack.name}" ${pack.version} installed`;
  return { status: 'installed', packId: pack.id, version: pack.version, message };
}

/** Put the previous version back (it was verified when it was installed); the newer one is skipped until superseded. */
export async function rollbackPack(db: CarebarDB, id: string): Promise<PackResult> {
  const current = await db.packs.get(id);
  if (!current) throw new SnippetError(`No pack ${id}`);
  if (!current.previous) throw new SnippetError(`Pack "${current.name}" has no previous version to roll back to.`);
  const previous = parsePack(packDocument(current.previous));
  await writePack(db, previous, null, current.version);
  return { status: 'installed', packId: id, version: previous.version, message: `Pack "${current.name}" rolled back to ${previous.version}` };
}

export async function removePack(db: CarebarDB, id: string): Promise<void> {
  if (id === STARTER_PACK_ID) throw new SnippetError('The starter pack ships with Carebar; a pack with replacesStarter hides it.');
  await db.packs.delete(id);
  touch(db);
}

export type PackSummary = Omit<PackRow, 'document' | 'previous' | 'snippetCount' | 'expiresAt'> & { previousVersion: string | null; snippetCount: number; expiresAt: string | null };

export async function listPacks(db: CarebarDB): Promise<PackSummary[]> {
  await ensureStarterPack(db);
  return (await db.packs.toArray()).map(({ document, previous, ...row }) => ({
    ...row,
    previousVersion: packDocument(previous)?.version ?? null,
    snippetCount: row.snippetCount ?? packDocument(document)?.snippets.length ?? 0,
    expiresAt: row.expiresAt ?? null,
  }));
}

// ---- configuration ----

export async function trustKey(db: CarebarDB, key: TrustedKey): Promise<SnippetConfig> {
  return updateConfig(db, (c) => {
    c.trustedKeys = [...c.trustedKeys.filter((k) => k.keyId !== key.keyId), key];
  });
}

export async function untrustKey(db: CarebarDB, keyId: string): Promise<SnippetConfig> {
  return updateConfig(db, (c) => {
    c.trustedKeys = c.trustedKeys.filter((k) => k.keyId !== keyId);
  });
}

export async function setApprovedOnly(db: CarebarDB, approvedOnly: boolean): Promise<SnippetConfig> {
  return updateConfig(db, (c) => {
    c.approvedOnly = approvedOnly;
  });
}

export function isAllowedPackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // HTTPS anywhere; plain HTTP only on this machine (a local publisher, and the tests).
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

export async function subscribe(db: CarebarDB, url: string): Promise<SnippetConfig> {
  if (!isAllowedPackUrl(url)) throw new SnippetError('Pack URLs must be https:// addresses.');
  return updateConfig(db, (c) => {
    if (!c.subscriptions.some((s) => s.url === url)) c.subscriptions.push({ url, packId: null, etag: null, lastCheckedAt: null, lastResult: null, lastError: null });
  });
}

export async function unsubscribe(db: CarebarDB, url: string): Promise<SnippetConfig> {
  return updateConfig(db, (c) => {
    c.subscriptions = c.subscriptions.filter((s) => s.url !== url);
  });
}

/** Take the once-only notices ("pack X updated to 1.4.0"): each is returned once. */
export async function takeNotices(db: CarebarDB): Promise<string[]> {
  let taken: string[] = [];
  await updateConfig(db, (c) => {
    taken = c.notices;
    c.notices = [];
  });
  return taken;
}

export type FetchLike = (url: string, init: { headers: Record<string, string>; cache: 'no-store'; signal?: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/**
 * Fetch every subscribed pack URL with If-None-Match; verify and apply new versions. A failure (unreachable,
 * 304, rejected pack) is recorded on the subscription and changes nothing that is installed.
 */
export async function refreshPacks(
  db: CarebarDB,
  fetchImpl: FetchLike,
  opts: { policy?: ManagedPolicy; now?: number; timeoutMs?: number } = {},
): Promise<(PackResult & { url: string })[]> {
  const config = await readSnippetConfig(db, opts.policy);
  const results: (PackResult & { url: string })[] = [];
  for (const sub of config.subscriptions) {
    let result: PackResult;
    let etag = sub.etag;
    try {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 20_000);
      let response;
      try {
        response = await fetchImpl(sub.url, { headers: sub.etag ? { 'If-None-Match': sub.etag } : {}, cache: 'no-store', signal: controller.signal });
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 304) {
        result = { status: 'unchanged', packId: sub.packId, version: null, message: 'Not modified since the last check' };
      } else if (response.status !== 200) {
        throw new SnippetError(`The pack server answered HTTP ${response.status}`);
      } else {
        const length = Number(response.headers.get('content-length') ?? 0);
        if (length > 2 * 1024 * 1024) throw new PackRejectedError('too-large', `The pack is ${(length / 1048576).toFixed(1)} MB: packs may be at most 2 MB.`);
        result = await acceptPack(db, await response.text(), { policy: opts.policy, now: opts.now, expectedId: sub.packId ?? undefined });
        etag = response.headers.get('etag');
      }
    } catch (err) {
      const message =
        err instanceof PackRejectedError || err instanceof SnippetError
          ? err.message
          : `Could not reach ${sub.url}: ${(err as Error)?.name === 'AbortError' ? 'timed out' : ((err as Error)?.message ?? String(err))}`;
      result = { status: 'rejected', packId: sub.packId, version: null, message };
    }
    results.push({ ...result, url: sub.url });
    await updateConfig(db, (c) => {
      let stored = c.subscriptions.find((s) => s.url === sub.url);
      if (!stored) {
        // A managed URL is remembered locally too, for its ETag and status.
        stored = { ...sub };
        c.subscriptions.push(stored);
      }
      stored.lastCheckedAt = new Date(opts.now ?? Date.now()).toISOString();
      stored.lastResult = result.message;
      stored.lastError = result.status === 'rejected' ? result.message : null;
      if (result.status === 'installed') {
        stored.packId = result.packId;
        stored.etag = etag;
        if (result.message.includes('updated to')) c.notices.push(result.message);
      } else if (result.status === 'unchanged' && etag) stored.etag = etag;
    });
  }
  return results;
}

export type { TemplateError };
export { renderTemplate };
