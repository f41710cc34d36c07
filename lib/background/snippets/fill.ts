import type { CarebarDB } from '../db/schema';
import { customerCard } from '../db/customers';
import { readSettings } from '../db/settings';
import { renderTemplate, type FillContext } from '../../shared/snippets/template';
import type { ManagedPolicy, SnippetChannel, SnippetOption } from '../../shared/snippets/types';
import { SnippetError } from './errors';
import { getSnippet, searchSnippets } from './library';

// Snippets filled for the post being answered: palette previews and the text to insert.

/** What an item's post and the agent's settings fill in. Only the CRM first name leaves the customer card. */
async function fillContext(
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
    return {
      id: s.id,
      title: s.title,
      preview: filled.text,
      asks: filled.asks,
      tags: s.tags,
      locale: s.locale,
      approved: s.approved,
      packName: s.packName,
    };
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
