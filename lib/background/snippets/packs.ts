import type { CarebarDB } from '../db/schema';
import type { PackRow, SnippetRow } from '../../shared/records';
import {
  checkParsedPack,
  compareVersions,
  PackRejectedError,
  parsePack,
  type Pack,
  type PackSnippet,
} from '../../shared/snippets/pack-format';
import { STARTER_PACK_ID, STARTER_PACK_VERSION, STARTER_SNIPPETS } from '../../shared/snippets/starter-pack';
import type { ManagedPolicy, PackResult, PackSummary } from '../../shared/snippets/types';
import { markSnippetsChanged } from './changes';
import { readSnippetConfig } from './config';
import { SnippetError } from './errors';

// Installed packs. A pack's snippets live in its `packs` row, as the verified document's JSON text (ids
// `<packId>/<snippetId>`): installing a version is one row write, and they change only by installing a verified pack.

/** Pack documents are stored as their JSON text: one string clones far faster than thousands of objects. */
export const packDocument = (doc: unknown): Pack | null =>
  doc == null ? null : ((typeof doc === 'string' ? JSON.parse(doc) : doc) as Pack);

/** Pack rows without their documents (rows from before `signedBy` get it from their document). */
export async function packMeta(db: CarebarDB): Promise<PackRow[]> {
  const rows: PackRow[] = [];
  await db.packs.each((row) => {
    const signedBy = row.signedBy !== undefined ? row.signedBy : (packDocument(row.document)?.signature?.keyId ?? null);
    rows.push({ ...row, document: null, previous: row.previous ? true : null, signedBy });
  });
  return rows;
}

/** Is an installed pack in force now: not expired, and signed by a key still trusted (the starter pack always is)? */
export function packInForce(pack: Pick<PackRow, 'id' | 'expiresAt' | 'signedBy'>, trustedKeyIds: Set<string>, now = Date.now()): boolean {
  if (pack.id === STARTER_PACK_ID) return true;
  if (pack.expiresAt && Date.parse(pack.expiresAt) <= now) return false;
  return !!pack.signedBy && trustedKeyIds.has(pack.signedBy);
}

/** The highest version of each pack ever installed here: removing a pack does not open the door to an older one. */
const HIGHEST_KEY = 'packs.highestVersions';
async function highestVersions(db: CarebarDB): Promise<Record<string, string>> {
  return ((await db.settings.get(HIGHEST_KEY))?.value as Record<string, string> | undefined) ?? {};
}
async function rememberVersion(db: CarebarDB, pack: Pick<Pack, 'id' | 'version'>): Promise<void> {
  const seen = await highestVersions(db);
  if (seen[pack.id] && compareVersions(pack.version, seen[pack.id]) <= 0) return;
  await db.settings.put({ key: HIGHEST_KEY, value: { ...seen, [pack.id]: pack.version } });
}

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

export function snippetRow(packId: string, s: PackSnippet, usage: number): SnippetRow {
  return {
    id: `${packId}/${s.id}`,
    packId,
    title: s.title,
    body: s.body,
    channels: s.channels,
    tags: s.tags,
    locale: s.locale ?? null,
    usage,
  };
}

/**
 * Replace a pack in one row write: either the new version is in force, or the old one. (One row holding the
 * document's text is ~50× faster to write than a row per snippet, and a pack is always replaced whole.)
 */
async function writePack(db: CarebarDB, pack: Pack, previous: unknown, rolledBackFrom: string | null = null): Promise<PackRow> {
  const row = await db.transaction('rw', db.packs, db.settings, async () => {
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
      signedBy: pack.signature?.keyId ?? null,
    };
    await db.packs.put(row);
    if (pack.id !== STARTER_PACK_ID) await rememberVersion(db, pack);
    return row;
  });
  markSnippetsChanged(db);
  return row;
}

/**
 * Check a pack (signature by a trusted key, not expired, not a downgrade…) and install it in place of the
 * installed version, which is kept for rollback. A rejected pack changes nothing. `updated`: it replaced an
 * installed version (a refresh announces those once).
 */
export async function checkAndInstallPack(
  db: CarebarDB,
  input: unknown,
  opts: { policy?: ManagedPolicy; now?: number; expectedId?: string } = {},
): Promise<{ result: PackResult; updated: boolean }> {
  const config = await readSnippetConfig(db, opts.policy);
  const parsed = parsePack(input);
  if (parsed.id === STARTER_PACK_ID)
    throw new PackRejectedError('wrong-pack', 'The starter pack ships with Carebar and cannot be replaced by a file.');
  const current = await db.packs.get(parsed.id);
  // With the pack removed, the highest version once installed is still the floor (no downgrade by remove-then-install).
  const highest = (await highestVersions(db))[parsed.id];
  const floor = current ?? (highest ? { version: highest } : null);
  const pack = await checkParsedPack(parsed, {
    trustedKeys: config.trustedKeys,
    current: floor,
    now: opts.now,
    expectedId: opts.expectedId,
  });
  if (current && compareVersions(pack.version, current.version) === 0) {
    return {
      updated: false,
      result: {
        status: 'unchanged',
        packId: pack.id,
        version: pack.version,
        message: `Pack "${pack.name}" ${pack.version} is already installed.`,
      },
    };
  }
  if (current?.rolledBackFrom && compareVersions(pack.version, current.rolledBackFrom) <= 0) {
    const message = `Pack "${pack.name}" was rolled back from ${current.rolledBackFrom}: waiting for a newer version.`;
    return { updated: false, result: { status: 'unchanged', packId: pack.id, version: current.version, message } };
  }
  await writePack(db, pack, current?.document ?? null);
  const message = current ? `Pack "${pack.name}" updated to ${pack.version}` : `Pack "${pack.name}" ${pack.version} installed`;
  return { updated: !!current, result: { status: 'installed', packId: pack.id, version: pack.version, message } };
}

/** A pack file the agent or supervisor installs by hand. */
export async function acceptPack(db: CarebarDB, input: unknown, opts: { policy?: ManagedPolicy; now?: number } = {}): Promise<PackResult> {
  return (await checkAndInstallPack(db, input, opts)).result;
}

/**
 * Put the previous version back, verified again as if installed now (a key untrusted since, or an expiry passed,
 * refuses it); the newer one is skipped until superseded.
 */
export async function rollbackPack(db: CarebarDB, id: string, opts: { policy?: ManagedPolicy; now?: number } = {}): Promise<PackResult> {
  const current = await db.packs.get(id);
  if (!current) throw new SnippetError(`No pack ${id}`);
  if (!current.previous) throw new SnippetError(`Pack "${current.name}" has no previous version to roll back to.`);
  const config = await readSnippetConfig(db, opts.policy);
  const previous = await checkParsedPack(parsePack(packDocument(current.previous)), { trustedKeys: config.trustedKeys, now: opts.now });
  await writePack(db, previous, null, current.version);
  return {
    status: 'installed',
    packId: id,
    version: previous.version,
    message: `Pack "${current.name}" rolled back to ${previous.version}`,
  };
}

export async function removePack(db: CarebarDB, id: string): Promise<void> {
  if (id === STARTER_PACK_ID) throw new SnippetError('The starter pack ships with Carebar; a pack with replacesStarter hides it.');
  await db.packs.delete(id);
  markSnippetsChanged(db);
}

export async function listPacks(db: CarebarDB): Promise<PackSummary[]> {
  await ensureStarterPack(db);
  return (await db.packs.toArray()).map(({ document, previous, ...row }) => ({
    ...row,
    previousVersion: packDocument(previous)?.version ?? null,
    snippetCount: row.snippetCount ?? packDocument(document)?.snippets.length ?? 0,
    expiresAt: row.expiresAt ?? null,
  }));
}
