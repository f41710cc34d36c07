import type { CarebarDB } from '../db/schema';
import type { TrustedKey } from '../../shared/snippets/pack-format';
import type { ManagedPolicy, SnippetConfig } from '../../shared/snippets/types';
import { markSnippetsChanged } from './changes';
import { SnippetError } from './errors';

// The snippet configuration (trusted keys, subscriptions, approved-only, once-only notices): one settings row,
// with the IT team's managed policy laid over it when read.

const CONFIG_KEY = 'snippets.config';
const DEFAULT_CONFIG: SnippetConfig = { approvedOnly: false, trustedKeys: [], subscriptions: [], notices: [] };
export const DEFAULT_REFRESH_MINUTES = 15;

async function readStoredConfig(db: CarebarDB): Promise<SnippetConfig> {
  return { ...DEFAULT_CONFIG, ...((await db.settings.get(CONFIG_KEY))?.value as Partial<SnippetConfig> | undefined) };
}

/** The stored configuration with the managed policy laid over it (policy wins; its keys and URLs are added). */
export async function readSnippetConfig(db: CarebarDB, policy: ManagedPolicy = {}): Promise<SnippetConfig> {
  const stored = await readStoredConfig(db);
  const keys = [
    ...(policy.trustedKeys ?? []).map((k) => ({ ...k, managed: true })),
    ...stored.trustedKeys.filter((k) => !policy.trustedKeys?.some((p) => p.keyId === k.keyId)),
  ];
  const subs = [...stored.subscriptions];
  for (const url of policy.packUrls ?? []) {
    const existing = subs.find((s) => s.url === url);
    if (existing) existing.managed = true;
    else subs.push({ url, packId: null, etag: null, lastCheckedAt: null, lastResult: null, lastError: null, managed: true });
  }
  return { ...stored, approvedOnly: policy.approvedOnly ?? stored.approvedOnly, trustedKeys: keys, subscriptions: subs };
}

export async function updateConfig(db: CarebarDB, change: (c: SnippetConfig) => void): Promise<SnippetConfig> {
  const saved = await db.transaction('rw', db.settings, async () => {
    const config = await readStoredConfig(db);
    change(config);
    await db.settings.put({ key: CONFIG_KEY, value: config });
    return config;
  });
  markSnippetsChanged(db);
  return saved;
}

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

function isAllowedPackUrl(url: string): boolean {
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
    if (!c.subscriptions.some((s) => s.url === url))
      c.subscriptions.push({ url, packId: null, etag: null, lastCheckedAt: null, lastResult: null, lastError: null });
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
