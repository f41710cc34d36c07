import MiniSearch from 'minisearch';
import type { CarebarDB } from '../db/schema';
import type { SnippetRow } from '../../shared/records';
import { STARTER_PACK_ID } from '../../shared/snippets/starter-pack';
import type { ManagedPolicy } from '../../shared/snippets/types';
import { snippetGeneration } from './changes';
import { readSnippetConfig } from './config';
import { ensureStarterPack, packDocument, packInForce, packMeta, snippetRow } from './packs';
import { readUsage } from './usage-counts';

// The search index over every snippet, kept in the background's memory.

interface IndexCache {
  generation: number;
  policyKey: string;
  index: MiniSearch<SnippetRow>;
  rows: Map<string, SnippetRow>;
  packNames: Map<string, string>;
  visible: (row: SnippetRow) => boolean;
}
const indexes = new WeakMap<CarebarDB, IndexCache>();

function buildIndex(rows: SnippetRow[]): MiniSearch<SnippetRow> {
  const index = new MiniSearch<SnippetRow>({
    fields: ['title', 'body', 'tagText'],
    storeFields: [],
    extractField: (doc, field) => (field === 'tagText' ? doc.tags.join(' ') : (doc as unknown as Record<string, string>)[field]),
    // Only the word being typed (the last) matches by prefix; longer words forgive a typo.
    searchOptions: {
      boost: { title: 3, tagText: 2 },
      prefix: (_term, i, terms) => i === terms.length - 1,
      fuzzy: (term) => (term.length > 4 ? 0.2 : 0),
      combineWith: 'AND',
    },
  });
  index.addAll(rows);
  return index;
}

/**
 * The search index, the rows and what decides visibility, kept in the background's memory and rebuilt only after
 * a write (every write goes through this module) or a policy change: a keystroke costs one index lookup.
 */
export async function searchable(db: CarebarDB, policy: ManagedPolicy): Promise<IndexCache> {
  await ensureStarterPack(db);
  const generation = snippetGeneration(db);
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

/** Personal rows and every installed pack's snippets, with usage counts. */
async function allSnippetRows(db: CarebarDB): Promise<SnippetRow[]> {
  const [personal, packs, usage] = await Promise.all([db.snippets.toArray(), db.packs.toArray(), readUsage(db)]);
  const rows = personal.filter((r) => r.packId === null);
  for (const pack of packs) for (const s of packDocument(pack.document)?.snippets ?? []) rows.push(snippetRow(pack.id, s, 0));
  for (const row of rows) row.usage = usage[row.id] ?? row.usage ?? 0;
  return rows;
}

const shortKeyCache = new WeakMap<SnippetRow, string[]>();
export function shortKeys(row: SnippetRow): string[] {
  let keys = shortKeyCache.get(row);
  if (!keys) shortKeyCache.set(row, (keys = [...row.title.toLowerCase().split(/\s+/), ...row.tags.map((t) => t.toLowerCase())]));
  return keys;
}

/**
 * Which snippets an agent may use now: starter hidden by a replacing pack in force, personal ones off by policy, a
 * pack's only while it is in force (issue 11, finding 5: not expired — checked at each use — and its signing key
 * still trusted).
 */
async function visibility(db: CarebarDB, policy: ManagedPolicy): Promise<(row: SnippetRow) => boolean> {
  const config = await readSnippetConfig(db, policy);
  const trusted = new Set(config.trustedKeys.map((k) => k.keyId));
  const packs = new Map((await packMeta(db)).map((p) => [p.id, p]));
  const inForce = (id: string) => {
    const pack = packs.get(id);
    return !!pack && packInForce(pack, trusted);
  };
  const replacingStarter = [...packs.values()].filter((p) => p.id !== STARTER_PACK_ID && p.replacesStarter).map((p) => p.id);
  return (row) => {
    if (row.packId === null) return !config.approvedOnly;
    if (row.packId === STARTER_PACK_ID) return !replacingStarter.some(inForce);
    return inForce(row.packId);
  };
}
