import type { CarebarDB } from '../db/schema';

// A counter per database that every snippet or pack write bumps: the search index is rebuilt when it moved.

const generations = new WeakMap<CarebarDB, number>();
export const snippetGeneration = (db: CarebarDB): number => generations.get(db) ?? 0;
export const markSnippetsChanged = (db: CarebarDB): void => void generations.set(db, snippetGeneration(db) + 1);
