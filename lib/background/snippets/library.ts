import type { CarebarDB } from '../db/schema';
import type { SnippetRow } from '../../shared/records';
import type { ManagedPolicy, SnippetChannel, SnippetView } from '../../shared/snippets/types';
import { SnippetError } from './errors';
import { searchable, shortKeys } from './search-index';
import { addUse } from './usage-counts';

// Reading snippets the agent may use now: listing, searching, one by id, and counting a use.

export function view(row: SnippetRow, packNames: Map<string, string>): SnippetView {
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

export async function getSnippet(db: CarebarDB, id: string, policy: ManagedPolicy = {}): Promise<SnippetRow> {
  const { rows, visible } = await searchable(db, policy);
  const row = rows.get(id);
  if (!row || !visible(row)) throw new SnippetError(`No snippet ${id}`);
  return row;
}

export async function recordUsage(db: CarebarDB, id: string): Promise<number> {
  const { rows } = await searchable(db, {});
  const row = rows.get(id);
  if (!row) throw new SnippetError(`No snippet ${id}`);
  const count = await addUse(db, id);
  // The index does not rank by usage: update the cached row instead of rebuilding the index.
  row.usage = count;
  return count;
}
