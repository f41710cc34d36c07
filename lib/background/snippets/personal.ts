import type { CarebarDB } from '../db/schema';
import type { SnippetRow } from '../../shared/records';
import { parseTemplate } from '../../shared/snippets/template';
import type { ManagedPolicy, PersonalSnippetInput, SnippetView } from '../../shared/snippets/types';
import { markSnippetsChanged } from './changes';
import { readSnippetConfig } from './config';
import { SnippetError } from './errors';
import { view } from './library';

// The agent's personal snippets (ids `personal:<uuid>`, packId null, shown as "not approved").

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
  markSnippetsChanged(db);
  return view(row, new Map());
}

export async function deletePersonalSnippet(db: CarebarDB, id: string): Promise<void> {
  if (!id.startsWith('personal:')) throw new SnippetError('Snippets from a pack can only be changed by the pack’s publisher.');
  await db.transaction('rw', db.snippets, async () => {
    if (!(await db.snippets.get(id))) throw new SnippetError(`No snippet ${id}`);
    await db.snippets.delete(id);
  });
  markSnippetsChanged(db);
}
